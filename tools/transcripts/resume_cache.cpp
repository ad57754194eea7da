#include "tools/transcripts/resume_cache.hpp"

#include <utility>

namespace tools::transcripts {

ResumeCache& ResumeCache::instance() {
    static ResumeCache cache;
    return cache;
}

void ResumeCache::put(std::string tag, ResumePoint point) {
    std::size_t bytes = point.seen.memory_bytes();
    for (const CarriedUnit& unit : point.carried) {
        bytes += unit.text.capacity();
    }
    if (bytes > max_bytes) {
        return;
    }
    const std::lock_guard<std::mutex> lock(m_mutex);
    erase_locked(tag);  // the same cursor served twice stores the same set twice
    m_entries.push_front(Entry{std::move(tag), std::move(point), bytes});
    m_bytes += bytes;
    while (m_entries.size() > max_entries || m_bytes > max_bytes) {
        m_bytes -= m_entries.back().bytes;
        m_entries.pop_back();
    }
}

std::optional<ResumePoint> ResumeCache::take(std::string_view tag) {
    const std::lock_guard<std::mutex> lock(m_mutex);
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->tag == tag) {
            std::optional<ResumePoint> found(std::move(it->point));
            m_bytes -= it->bytes;
            m_entries.erase(it);
            ++m_hits;
            return found;
        }
    }
    return std::nullopt;
}

std::uint64_t ResumeCache::hits() const {
    const std::lock_guard<std::mutex> lock(m_mutex);
    return m_hits;
}

void ResumeCache::erase_locked(std::string_view tag) {
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->tag == tag) {
            m_bytes -= it->bytes;
            m_entries.erase(it);
            return;
        }
    }
}

}  // namespace tools::transcripts
