#include "cli/command_factories.h"

#include <string>
#include <vector>

namespace mel::cli {
namespace {

class DistCommand final : public Command {
public:
    void configure(CLI::App& app) override
    {
        app.add_option("--ip", m_ip, "Address to listen on");
        app.add_option("--port", m_port, "Port to listen on")->required();
        app.add_option("--recv-key", m_recv_key, "Key expected from the dispatcher")->required();
        app.add_option("--send-key", m_send_key, "Key sent to the dispatcher")->required();
        app.add_flag("--localhost", m_localhost, "Listen on loopback");
        app.add_flag("--disable-tls", m_disable_tls, "Do not use TLS");
        app.add_option("-c,--certificate", m_certificate, "TLS certificate (PEM)");
        app.add_option("-k,--key", m_key, "TLS private key (PEM)");
        app.add_option("--wait", m_wait, "Seconds to wait for a dispatcher");
        app.add_option("--duration", m_duration, "Maximum duration in seconds");
        app.add_option("--logs", m_logs, "Append log lines to this file");
        app.add_option("--debug", m_debug, "Write engine debug events as JSON to this file");
    }
    int execute() override { return not_implemented("dist"); }

private:
    std::string m_ip, m_recv_key, m_send_key, m_certificate, m_key, m_logs, m_debug;
    unsigned m_port = 0;
    double m_wait = 0, m_duration = 0;
    bool m_localhost = false, m_disable_tls = false;
};

} // namespace

std::unique_ptr<Command> make_dist_command() { return std::make_unique<DistCommand>(); }

} // namespace mel::cli
