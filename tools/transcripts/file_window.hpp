// A read-only window on a range of an open file, for LineReader: mapped into memory where the file
// allows it, so a line is parsed straight from the page cache instead of being copied out of it first.
//
// Contract:
// - data()[0, size()) are the file's bytes [offset(), offset() + size()), followed by at least
//   kPaddingBytes readable bytes of unspecified content (simdjson reads up to 64 bytes past a line's end).
// - A file that shrinks while it is mapped would kill the process with SIGBUS when a page past its new
//   end is touched. The first window installs a SIGBUS handler that, for an address inside a live
//   window, maps a page of zeros there and sets the window's fault flag, then lets the read go on; a
//   SIGBUS anywhere else goes to the handler that was there before (by default, the process dies as it
//   would have). The reader checks the flag and reports an error: text read after a fault is not to be
//   trusted, and nothing the process does crashes on it.
// - When the range cannot be mapped (a file system without mmap, too many windows at once), it is read
//   into memory instead; a short read then is an io_error.
// The window unmaps itself when the last shared_ptr to it goes, on whichever thread that is. Immutable
// after load() and safe to read from several threads.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "tools/core/result.hpp"

namespace tools::transcripts {

class FileWindow {
  public:
    static constexpr std::size_t kPaddingBytes = 64;

    // faulted is set (and stays set) when a page of this window had to be replaced by zeros.
    static Result<std::shared_ptr<const FileWindow>> load(int fd, std::uint64_t offset, std::size_t size,
                                                          std::shared_ptr<std::atomic<bool>> faulted);
    ~FileWindow();
    FileWindow(const FileWindow&) = delete;
    FileWindow& operator=(const FileWindow&) = delete;

    const char* data() const { return m_data; }
    std::size_t size() const { return m_size; }
    std::uint64_t offset() const { return m_offset; }
    std::uint64_t end() const { return m_offset + m_size; }

  private:
    FileWindow() = default;

    const char* m_data = nullptr;
    std::size_t m_size = 0;
    std::uint64_t m_offset = 0;
    void* m_mapping = nullptr;  // of m_mapping_size bytes, when mapped
    std::size_t m_mapping_size = 0;
    int m_slot = -1;                 // in the SIGBUS handler's table, when mapped
    std::unique_ptr<char[]> m_copy;  // when read instead
    std::shared_ptr<std::atomic<bool>> m_faulted;
};

}  // namespace tools::transcripts
