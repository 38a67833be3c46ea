// The task x host matrix of one step attempt: a compact status per cell, and where in the event
// file each cell's events are, so details are read on demand instead of kept in memory.

/** Cell statuses, stored as small integers (index in this list). */
export const cellStatuses = ['none', 'running', 'ok', 'changed', 'failed', 'skipped', 'unreachable', 'ignored', 'rescued'] as const;
export type CellStatus = (typeof cellStatuses)[number];

export interface MatrixTask {
	id: string;
	name: string;
	play: string;
	handler: boolean;
	role: string | null;
}

export interface MatrixModel {
	/** Rows in the order tasks first started (a task repeated per serial batch is one row). */
	tasks: MatrixTask[];
	taskIndex: Map<string, number>;
	/** Columns in the order hosts were first seen (play host lists first, in their order). */
	hosts: string[];
	hostIndex: Map<string, number>;
	/** Inventory groups of each host (by column), from play_start; absent when ansible did not say. */
	hostGroups: Map<number, string[]>;
	/** Per row: one status code per column (grown as hosts appear). */
	cells: Uint8Array[];
	/**
	 * Per row: for each column, the byte offset in the events file of the first line of the cell
	 * (its host_start, or its result when there was none) and of its result line; -1 when absent.
	 */
	startOffsets: Float64Array[];
	resultOffsets: Float64Array[];
	/** Per row: loop items and retries seen, per column (for a glyph hint; details from the file). */
	extras: Uint16Array[];
	/** Row of the task that started last, -1 before any. */
	currentRow: number;
	/**
	 * When each running cell started (event time, seconds), keyed by `cellKey`; a cell leaves it
	 * with its result, so it holds only what runs now (for "waiting on host 4m12s").
	 */
	runningSince: Map<number, number>;
	/** Cells now failed or unreachable: 0 lets "the first failure" answer without a scan. */
	failedCount: number;
	plays: string[];
	/** Set once the recap arrived. */
	finished: boolean;
	/** Lines that could not be read. */
	badLines: number;
}

/** What the detail pane shows for one cell, read from the events file by offset. */
export interface CellDetail {
	host: string;
	task: string;
	status: CellStatus;
	duration: number | null;
	msg: string | null;
	rc: number | null;
	stdout: string | null;
	stderr: string | null;
	/** The module's traceback, when it raised. */
	exception: string | null;
	/** stdout, stderr or exception whose start was not kept (only its end is here). */
	cut?: string[];
	items: Array<{item: string; status: string}>;
	retries: Array<{attempts: number; retries: number; msg: string | null}>;
}

/** One number per cell, for maps keyed by cell (a number key costs less than a string's). */
export const cellKey = (row: number, col: number): number => row * 2 ** 32 + col;
