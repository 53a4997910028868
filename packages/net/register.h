#pragma once

// The `net` package: for now the `net/ip` area, which programs use to build a work `Access`.

namespace mel {
class Registry;
}

namespace mel::packages::net {

/// Declares the `net` package.
void register_net(Registry&);

void register_ip(Registry&); // net/ip — packages/net/ip.cpp

} // namespace mel::packages::net
