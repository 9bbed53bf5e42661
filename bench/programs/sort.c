// sort: 1 M int32 from an LCG, sorted with our own quicksort (median of three, insertion
// sort below 16 elements, recursion on the smaller half). Each run re-copies the input.
#include "bench_common.h"

enum { N = 1 << 20, SMALL = 16 };
static int32_t original[N], work[N];

void bench_init(void) {
  uint32_t s = 99;
  for (int i = 0; i < N; i++) original[i] = (int32_t)lcg_next(&s);
}

static void insertion_sort(int32_t* a, int n) {
  for (int i = 1; i < n; i++) {
    int32_t v = a[i];
    int j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}

static inline void swap(int32_t* a, int32_t* b) {
  int32_t t = *a;
  *a = *b;
  *b = t;
}

static void quicksort(int32_t* a, int n) {
  while (n > SMALL) {
    int mid = n / 2;
    // Median of three moved to a[mid]; a[0] <= a[mid] <= a[n-1] afterwards.
    if (a[mid] < a[0]) swap(&a[mid], &a[0]);
    if (a[n - 1] < a[0]) swap(&a[n - 1], &a[0]);
    if (a[n - 1] < a[mid]) swap(&a[n - 1], &a[mid]);
    const int32_t pivot = a[mid];
    int i = 0, j = n - 1;
    for (;;) {  // Hoare partition
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i >= j) break;
      swap(&a[i], &a[j]);
      i++;
      j--;
    }
    const int left = j + 1;  // a[0..j] <= pivot <= a[j+1..n-1]
    if (left < n - left) {
      quicksort(a, left);
      a += left;
      n -= left;
    } else {
      quicksort(a + left, n - left);
      n = left;
    }
  }
  insertion_sort(a, n);
}

int64_t bench_run(void) {
  for (int i = 0; i < N; i++) work[i] = original[i];
  quicksort(work, N);
  // Position-weighted sum: only the sorted permutation gives this value; -1 if out of order.
  uint64_t h = 0;
  for (int i = 0; i < N; i++) {
    if (i > 0 && work[i - 1] > work[i]) return -1;
    h += (uint64_t)(uint32_t)work[i] * (uint64_t)(i + 1);
  }
  return (int64_t)h;
}
