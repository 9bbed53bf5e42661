// wasi_snapshot_preview1 ABI constants: values, flag bits and struct layouts as fixed by the
// preview1 witx (typenames.witx). Offsets are byte offsets inside guest memory structs.
#pragma once
#include <cstdint>

namespace wasmvm::wasi::abi {

// ---- clocks
constexpr uint32_t kClockRealtime = 0;
constexpr uint32_t kClockMonotonic = 1;
constexpr uint32_t kClockProcessCputime = 2;
constexpr uint32_t kClockThreadCputime = 3;

// ---- file types
constexpr uint8_t kFiletypeUnknown = 0;
constexpr uint8_t kFiletypeBlockDevice = 1;
constexpr uint8_t kFiletypeCharacterDevice = 2;
constexpr uint8_t kFiletypeDirectory = 3;
constexpr uint8_t kFiletypeRegularFile = 4;
constexpr uint8_t kFiletypeSocketDgram = 5;
constexpr uint8_t kFiletypeSocketStream = 6;
constexpr uint8_t kFiletypeSymbolicLink = 7;

// ---- whence
constexpr uint8_t kWhenceSet = 0;
constexpr uint8_t kWhenceCur = 1;
constexpr uint8_t kWhenceEnd = 2;

// ---- fdflags (u16)
constexpr uint16_t kFdflagAppend = 1 << 0;
constexpr uint16_t kFdflagDsync = 1 << 1;
constexpr uint16_t kFdflagNonblock = 1 << 2;
constexpr uint16_t kFdflagRsync = 1 << 3;
constexpr uint16_t kFdflagSync = 1 << 4;
constexpr uint16_t kFdflagsAll = 0x1f;

// ---- oflags (u16)
constexpr uint16_t kOflagCreat = 1 << 0;
constexpr uint16_t kOflagDirectory = 1 << 1;
constexpr uint16_t kOflagExcl = 1 << 2;
constexpr uint16_t kOflagTrunc = 1 << 3;
constexpr uint16_t kOflagsAll = 0xf;

// ---- lookupflags (u32)
constexpr uint32_t kLookupSymlinkFollow = 1 << 0;

// ---- fstflags (u16)
constexpr uint16_t kFstAtim = 1 << 0;
constexpr uint16_t kFstAtimNow = 1 << 1;
constexpr uint16_t kFstMtim = 1 << 2;
constexpr uint16_t kFstMtimNow = 1 << 3;

// ---- advice
constexpr uint8_t kAdviceNoreuse = 5;  // highest valid value

// ---- rights (u64)
constexpr uint64_t kRightFdDatasync = 1ull << 0;
constexpr uint64_t kRightFdRead = 1ull << 1;
constexpr uint64_t kRightFdSeek = 1ull << 2;
constexpr uint64_t kRightFdFdstatSetFlags = 1ull << 3;
constexpr uint64_t kRightFdSync = 1ull << 4;
constexpr uint64_t kRightFdTell = 1ull << 5;
constexpr uint64_t kRightFdWrite = 1ull << 6;
constexpr uint64_t kRightFdAdvise = 1ull << 7;
constexpr uint64_t kRightFdAllocate = 1ull << 8;
constexpr uint64_t kRightPathCreateDirectory = 1ull << 9;
constexpr uint64_t kRightPathCreateFile = 1ull << 10;
constexpr uint64_t kRightPathLinkSource = 1ull << 11;
constexpr uint64_t kRightPathLinkTarget = 1ull << 12;
constexpr uint64_t kRightPathOpen = 1ull << 13;
constexpr uint64_t kRightFdReaddir = 1ull << 14;
constexpr uint64_t kRightPathReadlink = 1ull << 15;
constexpr uint64_t kRightPathRenameSource = 1ull << 16;
constexpr uint64_t kRightPathRenameTarget = 1ull << 17;
constexpr uint64_t kRightPathFilestatGet = 1ull << 18;
constexpr uint64_t kRightPathFilestatSetSize = 1ull << 19;
constexpr uint64_t kRightPathFilestatSetTimes = 1ull << 20;
constexpr uint64_t kRightFdFilestatGet = 1ull << 21;
constexpr uint64_t kRightFdFilestatSetSize = 1ull << 22;
constexpr uint64_t kRightFdFilestatSetTimes = 1ull << 23;
constexpr uint64_t kRightPathSymlink = 1ull << 24;
constexpr uint64_t kRightPathRemoveDirectory = 1ull << 25;
constexpr uint64_t kRightPathUnlinkFile = 1ull << 26;
constexpr uint64_t kRightPollFdReadwrite = 1ull << 27;
constexpr uint64_t kRightSockShutdown = 1ull << 28;
constexpr uint64_t kRightSockAccept = 1ull << 29;
constexpr uint64_t kRightsAll = (1ull << 30) - 1;

// Rights that make sense per file type (what fdstat reports as the maximum).
constexpr uint64_t kRightsRegularFile =
    kRightFdDatasync | kRightFdRead | kRightFdSeek | kRightFdFdstatSetFlags | kRightFdSync |
    kRightFdTell | kRightFdWrite | kRightFdAdvise | kRightFdAllocate | kRightFdFilestatGet |
    kRightFdFilestatSetSize | kRightFdFilestatSetTimes | kRightPollFdReadwrite;
constexpr uint64_t kRightsDirectory =
    kRightFdFdstatSetFlags | kRightFdSync | kRightFdAdvise | kRightPathCreateDirectory |
    kRightPathCreateFile | kRightPathLinkSource | kRightPathLinkTarget | kRightPathOpen |
    kRightFdReaddir | kRightPathReadlink | kRightPathRenameSource | kRightPathRenameTarget |
    kRightPathFilestatGet | kRightPathFilestatSetSize | kRightPathFilestatSetTimes |
    kRightFdFilestatGet | kRightFdFilestatSetTimes | kRightPathSymlink |
    kRightPathRemoveDirectory | kRightPathUnlinkFile | kRightPollFdReadwrite;
// No FD_SEEK/FD_TELL: wasi-libc's isatty() is "character device without seek/tell rights".
constexpr uint64_t kRightsTty = kRightFdRead | kRightFdFdstatSetFlags | kRightFdWrite |
                                kRightFdFilestatGet | kRightPollFdReadwrite;
constexpr uint64_t kRightsSocket = kRightFdRead | kRightFdFdstatSetFlags | kRightFdWrite |
                                   kRightFdFilestatGet | kRightPollFdReadwrite |
                                   kRightSockShutdown | kRightSockAccept;

// ---- struct layouts
constexpr uint32_t kIovecSize = 8;         // { buf: u32 @0, buf_len: u32 @4 }
constexpr uint32_t kDirentSize = 24;       // d_next u64 @0, d_ino u64 @8, d_namlen u32 @16, d_type u8 @20
constexpr uint32_t kFdstatSize = 24;       // filetype u8 @0, flags u16 @2, rights_base @8, inheriting @16
constexpr uint32_t kFilestatSize = 64;     // dev @0 ino @8 filetype u8 @16 nlink @24 size @32 atim @40 mtim @48 ctim @56
constexpr uint32_t kPrestatSize = 8;       // tag u8 @0, pr_name_len u32 @4
constexpr uint32_t kSubscriptionSize = 48; // userdata @0, tag u8 @8, union @16
constexpr uint32_t kEventSize = 32;        // userdata @0, error u16 @8, type u8 @10, nbytes u64 @16, flags u16 @24

// ---- poll
constexpr uint8_t kEventtypeClock = 0;
constexpr uint8_t kEventtypeFdRead = 1;
constexpr uint8_t kEventtypeFdWrite = 2;
constexpr uint16_t kSubclockAbstime = 1;
constexpr uint16_t kEventFdReadwriteHangup = 1;

// ---- sockets
constexpr uint8_t kSdflagRd = 1;
constexpr uint8_t kSdflagWr = 2;
constexpr uint16_t kRiflagRecvPeek = 1;
constexpr uint16_t kRiflagRecvWaitall = 2;
constexpr uint16_t kRoflagRecvDataTruncated = 1;

constexpr uint8_t kPreopentypeDir = 0;

}  // namespace wasmvm::wasi::abi
