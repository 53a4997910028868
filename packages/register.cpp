#include "packages/register.h"

#include "packages/fs/register.h"
#include "packages/net/register.h"
#include "packages/process/register.h"
#include "packages/work/register.h"
#include "packages/cicd/register.h"
#include "packages/distrib/register.h"
#include "packages/melodium/register.h"

namespace mel::packages {

void register_packages(Registry& registry)
{
    fs::register_fs(registry);
    net::register_net(registry);
    process::register_process(registry);
    work::register_work(registry);
    distrib::register_distrib(registry);
    cicd::register_cicd(registry);
    melodium::register_melodium(registry);
}

} // namespace mel::packages
