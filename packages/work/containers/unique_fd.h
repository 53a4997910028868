#pragma once

// A file descriptor owned by a scope: closed when it ends; and an exclusive flock held by a scope.

#include <cerrno>
#include <string>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace mel::packages::work::containers {

class UniqueFd {
public:
    explicit UniqueFd(int fd) : m_fd(fd) {}
    UniqueFd(const UniqueFd&) = delete;
    UniqueFd& operator=(const UniqueFd&) = delete;
    ~UniqueFd()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    int get() const { return m_fd; }

private:
    int m_fd;
};

/// Holds an exclusive flock on `path` (created when missing) while alive; held() says whether it could be opened.
class FileLock {
public:
    explicit FileLock(const std::string& path) : m_file(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644))
    {
        if (m_file.get() >= 0)
            while (::flock(m_file.get(), LOCK_EX) != 0 && errno == EINTR) {
            }
    }
    bool held() const { return m_file.get() >= 0; }

private:
    UniqueFd m_file;
};

} // namespace mel::packages::work::containers
