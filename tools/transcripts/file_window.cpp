#include "tools/transcripts/file_window.hpp"

#include <signal.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace tools::transcripts {
namespace {

// The live windows, for the SIGBUS handler. A signal handler may not take locks or allocate, so this
// is a fixed table of atomics: a slot is claimed with `taken`, filled, and published by storing
// `begin` last; it is withdrawn by clearing `begin` before the window is unmapped. A window's pages
// are only touched while someone holds it, so the handler never looks at a slot being withdrawn for
// an address inside it.
struct GuardSlot {
    std::atomic<bool> taken{false};
    std::atomic<std::uintptr_t> begin{0};
    std::atomic<std::uintptr_t> end{0};
    std::atomic<std::atomic<bool>*> faulted{nullptr};
};

// A window is a few megabytes and each reader holds two or three at a time; beyond this many, windows
// are read instead of mapped.
constexpr int kGuardSlots = 256;
GuardSlot g_slots[kGuardSlots];
struct sigaction g_previous {};
std::uintptr_t g_page_size = 4096;

void on_sigbus(int signal, siginfo_t* info, void* context) {
    const auto address = reinterpret_cast<std::uintptr_t>(info->si_addr);
    for (GuardSlot& slot : g_slots) {
        const std::uintptr_t begin = slot.begin.load(std::memory_order_acquire);
        if (begin == 0 || address < begin || address >= slot.end.load(std::memory_order_relaxed)) {
            continue;
        }
        // The file shrank under the window (or its page could not be read): zeros in place of the page
        // let the interrupted read finish; the flag makes its reader report the file as unreadable.
        void* page = static_cast<char*>(info->si_addr) - (address & (g_page_size - 1));
        if (::mmap(page, g_page_size, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
            MAP_FAILED) {
            slot.faulted.load(std::memory_order_relaxed)->store(true, std::memory_order_relaxed);
            return;
        }
        break;
    }
    // Not ours: as if this handler were not there.
    if ((g_previous.sa_flags & SA_SIGINFO) != 0 && g_previous.sa_sigaction != nullptr) {
        g_previous.sa_sigaction(signal, info, context);
    } else if (g_previous.sa_handler != SIG_DFL && g_previous.sa_handler != SIG_IGN) {
        g_previous.sa_handler(signal);
    } else {
        // Returning re-runs the faulting access, which now takes the default action.
        ::signal(SIGBUS, SIG_DFL);
    }
}

bool install_handler() {
    static const bool installed = [] {
        g_page_size = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
        struct sigaction action {};
        action.sa_sigaction = on_sigbus;
        action.sa_flags = SA_SIGINFO | SA_ONSTACK;
        ::sigemptyset(&action.sa_mask);
        return ::sigaction(SIGBUS, &action, &g_previous) == 0;
    }();
    return installed;
}

int claim_slot(std::uintptr_t begin, std::uintptr_t end, std::atomic<bool>* faulted) {
    for (int i = 0; i < kGuardSlots; ++i) {
        GuardSlot& slot = g_slots[i];
        bool expected = false;
        if (slot.taken.load(std::memory_order_relaxed) ||
            !slot.taken.compare_exchange_strong(expected, true, std::memory_order_acquire)) {
            continue;
        }
        slot.faulted.store(faulted, std::memory_order_relaxed);
        slot.end.store(end, std::memory_order_relaxed);
        slot.begin.store(begin, std::memory_order_release);
        return i;
    }
    return -1;
}

void release_slot(int i) {
    g_slots[i].begin.store(0, std::memory_order_release);
    g_slots[i].taken.store(false, std::memory_order_release);
}

}  // namespace

Result<std::shared_ptr<const FileWindow>> FileWindow::load(int fd, std::uint64_t offset, std::size_t size,
                                                           std::shared_ptr<std::atomic<bool>> faulted) {
    std::shared_ptr<FileWindow> window(new FileWindow());
    window->m_size = size;
    window->m_offset = offset;
    window->m_faulted = std::move(faulted);

    if (install_handler()) {
        // [pages of the range][one page of zeros]: the zeros are the padding after a range that ends at
        // a page boundary, and pages past the file's end are never mapped from the file (they would
        // raise SIGBUS even when the file does not change).
        const std::uint64_t page = g_page_size;
        const std::uint64_t start = offset & ~(page - 1);
        const std::size_t lead = static_cast<std::size_t>(offset - start);
        const std::size_t file_bytes = lead + size;
        const std::size_t total = ((file_bytes + page - 1) & ~(page - 1)) + page;
        void* base = ::mmap(nullptr, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (base != MAP_FAILED) {
            const auto begin = reinterpret_cast<std::uintptr_t>(base);
            const int slot = claim_slot(begin, begin + total, window->m_faulted.get());
            if (slot >= 0 && ::mmap(base, file_bytes, PROT_READ, MAP_PRIVATE | MAP_FIXED, fd,
                                    static_cast<off_t>(start)) != MAP_FAILED) {
                ::madvise(base, file_bytes, MADV_SEQUENTIAL);
                window->m_mapping = base;
                window->m_mapping_size = total;
                window->m_slot = slot;
                window->m_data = static_cast<const char*>(base) + lead;
                return window;
            }
            if (slot >= 0) {
                release_slot(slot);
            }
            ::munmap(base, total);
        }
    }

    window->m_copy.reset(new char[size + kPaddingBytes]);
    std::memset(window->m_copy.get() + size, 0, kPaddingBytes);
    std::size_t got = 0;
    while (got < size) {
        const ssize_t n =
            ::pread(fd, window->m_copy.get() + got, size - got, static_cast<off_t>(offset + got));
        if (n > 0) {
            got += static_cast<std::size_t>(n);
        } else if (n == 0) {
            return make_error(ErrorCode::io_error, "the file shrank while it was being read");
        } else if (errno != EINTR) {
            return make_error(ErrorCode::io_error, std::string("read failed: ") + std::strerror(errno));
        }
    }
    window->m_data = window->m_copy.get();
    return window;
}

FileWindow::~FileWindow() {
    if (m_slot >= 0) {
        release_slot(m_slot);
        ::munmap(m_mapping, m_mapping_size);
    }
}

}  // namespace tools::transcripts
