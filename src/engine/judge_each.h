/* Every judgment of a stretch of the tree at once: each indicator for each
 * unit and each of the engine's years, the units' own targets where the
 * bureau set them (what `planmon export status` over every year writes,
 * and what the benchmark times). Two lanes judge, the caller's thread and
 * one worker, taking chunks of units in turn; each hands its chunks to
 * the caller's function on its own thread. */
#ifndef PM_JUDGE_EACH_H
#define PM_JUDGE_EACH_H
#include <stdbool.h>

#include "engine/evaluation.h"

/* Units a chunk. Measured at 100 k leaves (bench/, both lanes counting
 * their chunks' statuses): 16 units 62 ms, 8 units 56 ms, 4 units 59 ms,
 * 2 units 103 ms (the shared chunk counter crossing between the cores at
 * every chunk); one thread judging the same in runs of 21 units, 88 ms.
 * Eight units' judgments (32 indicators × 6 years × 8 × 72 bytes, 108 KiB)
 * are still in the core's caches when fn reads them. */
enum { PM_JUDGE_CHUNK = 8 };

/* One chunk, units c0 <= u < c1 (n = c1 - c0 of them; chunk number
 * (c0 - u0) / PM_JUDGE_CHUNK): g[i * n + (u - c0)] is indicator i's
 * goalpost at unit u, out[(i * n + (u - c0)) * nyears + y] its judgment in
 * the engine's year y. Both are borrowed for the call. lane: 0 on the
 * caller's thread, 1 on the worker's. The two lanes call at the same
 * time, so fn touches only what is its lane's or its chunk's, and the
 * chunks come in no set order. False stops pm_judge_each (neither lane
 * takes a further chunk). */
enum { PM_JUDGE_LANES = 2 };
typedef bool (*pm_judge_chunk_fn)(void *ctx, int lane, int c0, int c1, const pm_goalpost *g,
                                  const pm_pace_out *out);

/* Judges units u0 <= u < u1 of ev's tree (0 <= u0 <= u1 <= units) in
 * chunks of PM_JUDGE_CHUNK units, each handed to fn once; the judgments
 * are those of pm_engine_goalpost (with pm_evaluation_target) and
 * pm_engine_pace_years_units, bit for bit. Returns once both lanes are
 * done. When no thread can be started the caller's lane takes every
 * chunk, with the same judgments. False when fn stopped it. */
bool pm_judge_each(const pm_evaluation *ev, int u0, int u1, const pm_pace_cfg *cfg, pm_judge_chunk_fn fn,
                   void *ctx);

#endif
