// Bounds on a plan file, far above any real plan (the shipped ones are under 4 KB, 30 steps,
// nesting depth 4) and low enough that a bad file is refused in well under a second: yaml builds
// a deeply nested document in quadratic time (400 KB of "[" took 95 s) and a huge one in a lot of
// memory (200,000 steps took 30 s and 1.5 GB). Size and characters are checked before parsing,
// depth and entry counts on the tokens (shape-scan.ts), before the document is built.

/** Largest plan file read, in bytes (1 MiB). */
export const MAX_PLAN_BYTES = 1024 * 1024;

/** Deepest nesting of lists and maps. */
export const MAX_PLAN_DEPTH = 64;

/** Most steps in a plan. */
export const MAX_PLAN_STEPS = 2000;

/**
 * Most entries in any other list or map (args, env, ...). yaml checks each map key against the
 * ones before it: a 1 MiB map of 60,000 keys took 34 s.
 */
export const MAX_PLAN_ENTRIES = 1000;
