#pragma once

// Sockets handed over inside this process (packages.md §6.5, connection option 1): a provisioner that runs its
// worker as a child connects them with a socketpair, keeps one end here and puts the handle in the Access
// (work::AccessData::attached); `distrib::start` takes it instead of dialling.

#include <cstdint>

namespace mel::packages::distrib {

/// Keeps `fd` (a connected stream socket; ownership passes) and returns its handle, never 0.
std::uint64_t attach_socket(int fd);
/// Takes the socket back, once; -1 when the handle is unknown or already taken.
int take_attached_socket(std::uint64_t handle);
/// Closes a socket nobody took (a provisioner tearing down).
void discard_attached_socket(std::uint64_t handle);

} // namespace mel::packages::distrib
