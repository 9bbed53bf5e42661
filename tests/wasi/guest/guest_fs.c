// WASI guest (wasm32-wasi, wasi-libc): file-system behaviour through libc inside a preopen.
// Usage: guest_fs.wasm ROOT   (ROOT = the preopen's guest path). Exit 0 when every check passed.
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int failures;
#define CHECK(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      printf("FAIL %s:%d: %s (errno %d: %s)\n", __FILE__, __LINE__, #cond, errno,        \
             strerror(errno));                                                           \
      failures++;                                                                        \
    }                                                                                    \
  } while (0)

static char path_buf[4][512];
static const char* P(int slot, const char* root, const char* name) {
  snprintf(path_buf[slot], sizeof path_buf[slot], "%s/%s", root, name);
  return path_buf[slot];
}

static void test_round_trip(const char* root) {
  static unsigned char data[100000], back[100000];
  for (int i = 0; i < (int)sizeof data; i++) data[i] = (unsigned char)(i * 7 + 3);
  FILE* f = fopen(P(0, root, "data.bin"), "wb");
  CHECK(f != NULL);
  if (!f) return;
  CHECK(fwrite(data, 1, sizeof data, f) == sizeof data);
  CHECK(fclose(f) == 0);

  struct stat st;
  CHECK(stat(P(0, root, "data.bin"), &st) == 0 && st.st_size == (off_t)sizeof data && S_ISREG(st.st_mode));

  f = fopen(P(0, root, "data.bin"), "rb");
  CHECK(f != NULL);
  if (!f) return;
  CHECK(fread(back, 1, sizeof back, f) == sizeof back);
  CHECK(memcmp(data, back, sizeof data) == 0);
  CHECK(fseek(f, 5000, SEEK_SET) == 0);
  CHECK(fread(back, 1, 100, f) == 100 && memcmp(back, data + 5000, 100) == 0);
  CHECK(ftell(f) == 5100);
  CHECK(fclose(f) == 0);

  int fd = open(P(0, root, "data.bin"), O_RDWR);
  CHECK(fd >= 0);
  char buf[8] = {0};
  CHECK(pwrite(fd, "XYZ", 3, 10) == 3);
  CHECK(pread(fd, buf, 3, 10) == 3 && memcmp(buf, "XYZ", 3) == 0);
  CHECK(lseek(fd, 0, SEEK_CUR) == 0);
  CHECK(lseek(fd, 0, SEEK_END) == (off_t)sizeof data);
  CHECK(ftruncate(fd, 50) == 0);
  CHECK(fstat(fd, &st) == 0 && st.st_size == 50);
  CHECK(close(fd) == 0);
  CHECK(close(fd) == -1 && errno == EBADF);

  f = fopen(P(0, root, "data.bin"), "a");
  CHECK(f && fputs("tail", f) >= 0 && fclose(f) == 0);
  CHECK(stat(P(0, root, "data.bin"), &st) == 0 && st.st_size == 54);
}

static void test_readdir(const char* root) {
  CHECK(mkdir(P(0, root, "list"), 0755) == 0);
  enum { N = 150 };
  for (int i = 0; i < N; i++) {
    char name[64];
    snprintf(name, sizeof name, "list/entry_with_a_fairly_long_name_%03d", i);
    int fd = open(P(1, root, name), O_CREAT | O_WRONLY | O_EXCL, 0644);
    CHECK(fd >= 0);
    close(fd);
  }
  DIR* d = opendir(P(0, root, "list"));
  CHECK(d != NULL);
  if (!d) return;
  for (int pass = 0; pass < 2; pass++) {
    char seen[N] = {0};
    int dot = 0, dotdot = 0, other = 0;
    struct dirent* e;
    errno = 0;
    while ((e = readdir(d)) != NULL) {
      int idx;
      if (strcmp(e->d_name, ".") == 0) dot++;
      else if (strcmp(e->d_name, "..") == 0) dotdot++;
      else if (sscanf(e->d_name, "entry_with_a_fairly_long_name_%03d", &idx) == 1 && idx >= 0 && idx < N) {
        seen[idx]++;
        CHECK(e->d_type == DT_REG);
      } else other++;
    }
    CHECK(errno == 0);
    CHECK(dot == 1 && dotdot == 1 && other == 0);
    for (int i = 0; i < N; i++) CHECK(seen[i] == 1);
    rewinddir(d);
  }
  CHECK(closedir(d) == 0);
}

static void test_names(const char* root) {
  int fd = open(P(0, root, "a.txt"), O_CREAT | O_WRONLY, 0644);
  CHECK(fd >= 0 && write(fd, "abc", 3) == 3 && close(fd) == 0);
  CHECK(rename(P(0, root, "a.txt"), P(1, root, "b.txt")) == 0);
  CHECK(access(P(0, root, "a.txt"), F_OK) == -1 && errno == ENOENT);
  CHECK(access(P(0, root, "b.txt"), F_OK) == 0);

  CHECK(symlink("b.txt", P(0, root, "link")) == 0);
  char target[64] = {0};
  CHECK(readlink(P(0, root, "link"), target, sizeof target) == 5 && memcmp(target, "b.txt", 5) == 0);
  CHECK(readlink(P(0, root, "link"), target, 2) == 2);
  struct stat st;
  CHECK(lstat(P(0, root, "link"), &st) == 0 && S_ISLNK(st.st_mode));
  CHECK(stat(P(0, root, "link"), &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 3);
  CHECK(open(P(0, root, "link"), O_RDONLY | O_NOFOLLOW) == -1 && errno == ELOOP);

  CHECK(link(P(0, root, "b.txt"), P(1, root, "hard.txt")) == 0);
  CHECK(stat(P(0, root, "b.txt"), &st) == 0 && st.st_nlink == 2);
  CHECK(unlink(P(0, root, "hard.txt")) == 0);
  CHECK(unlink(P(0, root, "link")) == 0);
  CHECK(access(P(0, root, "b.txt"), F_OK) == 0);

  CHECK(mkdir(P(0, root, "d"), 0755) == 0);
  CHECK(mkdir(P(0, root, "d"), 0755) == -1 && errno == EEXIST);
  CHECK(rename(P(0, root, "b.txt"), P(1, root, "d/b.txt")) == 0);
  CHECK(rmdir(P(0, root, "d")) == -1 && errno == ENOTEMPTY);
  CHECK(unlink(P(0, root, "d")) == -1 && (errno == EISDIR || errno == EPERM));
  CHECK(unlink(P(0, root, "d/b.txt")) == 0);
  CHECK(rmdir(P(0, root, "d")) == 0);

  CHECK(open(P(0, root, "missing"), O_RDONLY) == -1 && errno == ENOENT);
  fd = open(P(0, root, "x"), O_CREAT | O_EXCL | O_WRONLY, 0644);
  CHECK(fd >= 0);
  close(fd);
  CHECK(open(P(0, root, "x"), O_CREAT | O_EXCL | O_WRONLY, 0644) == -1 && errno == EEXIST);
  CHECK(open(P(0, root, "x"), O_RDONLY | O_DIRECTORY) == -1 && errno == ENOTDIR);
  CHECK(open(P(0, root, "x/"), O_RDONLY) == -1 && errno == ENOTDIR);
  CHECK(unlink(P(0, root, "x")) == 0);
}

static void test_sandbox(const char* root) {
  CHECK(open(P(0, root, "../etc/passwd"), O_RDONLY) == -1);
  CHECK(open("/etc/passwd", O_RDONLY) == -1);
  CHECK(fopen(P(0, root, "../../../../../etc/hostname"), "r") == NULL);
  CHECK(symlink("../..", P(0, root, "up")) == 0);
  CHECK(open(P(0, root, "up/etc/passwd"), O_RDONLY) == -1 && errno == ENOTCAPABLE);
  CHECK(opendir(P(0, root, "up")) == NULL);
  CHECK(unlink(P(0, root, "up")) == 0);
  CHECK(mkdir(P(0, root, "../escape"), 0755) == -1);
}

int main(int argc, char** argv) {
  if (argc < 2) {
    printf("usage: guest_fs ROOT\n");
    return 2;
  }
  test_round_trip(argv[1]);
  test_readdir(argv[1]);
  test_names(argv[1]);
  test_sandbox(argv[1]);
  printf("guest_fs: %d failures\n", failures);
  return failures ? 1 : 0;
}
