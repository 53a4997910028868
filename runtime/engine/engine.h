#pragma once

// What native treatments and models include: tasks, batches, ports, the treatment context, models and
// sources, timers/I/O/blocking calls, and the world.

#include "runtime/engine/batch.h"
#include "runtime/engine/channel.h"
#include "runtime/engine/io.h"
#include "runtime/engine/log.h"
#include "runtime/engine/model.h"
#include "runtime/engine/task.h"
#include "runtime/engine/treatment.h"
#include "runtime/engine/world.h"
