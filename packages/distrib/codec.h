#pragma once

// distrib — batches on the wire (docs/distribution.md "Data frames"; DESIGN §6). A batch is `u8 kind`,
// `u32 count`, then its elements: scalars back to back, strings with a u32 length, other types as values in
// the form of runtime/model/wire.h (data types travel by the codecs their packages registered). A `byte` batch
// is its bytes, unchanged (one buffer per batch, never one value per byte).
//
// Decoding never trusts its input: every length is checked against what is left, an unknown kind or data type
// is an error (the connection that sent it is then ended), never a crash.

#include <cstddef>
#include <optional>
#include <vector>

#include "runtime/engine/batch.h"
#include "runtime/model/result.h"
#include "runtime/model/type.h"
#include "runtime/model/wire.h"

namespace mel::packages::distrib {

/// `batch` as a batch for a port of `type` and `kind`: itself, or converted (u8 ↔ byte); nullopt when a
/// value is not of the port's type (value_has_type; the reference then cuts the stream, packages.md §1.4).
std::optional<engine::Batch> conform_batch(const engine::Batch& batch, const Type& type, engine::BatchKind kind);

/// A batch's wire form is `u8 kind, u32 count, elements`. For a `byte` batch the elements are the raw
/// bytes, which encode_batch_header leaves out so that they can be written straight from the batch. Data
/// values find their codec in `types`.
Status encode_batch(const engine::Batch& batch, std::vector<std::byte>& out, const Registry* types);
void encode_batch_header(const engine::Batch& batch, std::vector<std::byte>& out);
/// Decodes a batch at `in`'s position; `in` must read `frame.bytes()` (a byte batch holding the whole frame):
/// a byte batch is then a slice of `frame`, sharing its storage (no copy). The batch must end the frame.
Result<engine::Batch> decode_batch(wire::Reader& in, const engine::Batch& frame, const Registry* types);

} // namespace mel::packages::distrib
