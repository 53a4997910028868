#pragma once

// The `cicd` package (packages.md §1.5, §4): for now the local steps — `cicd/naive::localStep` and
// `localStepTerminable` — with what they are made of: `cicd/steps::spawnCommands`, `cicd/data::ioToString`
// (.mel areas in packages/cicd/mel/) and `cicd/services::setServiceState`. Runners and remote steps come with
// issue 7.

namespace mel {
class Registry;
}

namespace mel::packages::cicd {

/// Declares the `cicd` package: its native elements and its `.mel` areas.
void register_cicd(Registry&);

void register_services(Registry&); // cicd/services — packages/cicd/services.cpp

/// The `.mel` areas of cicd (packages/cicd/mel/**/*.mel), embedded at build time.
void register_cicd_mel_areas(Registry&);

} // namespace mel::packages::cicd
