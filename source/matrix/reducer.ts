// Events -> task x host matrix. Pure apart from mutating the model it is given (in place, for
// speed: a busy run sends thousands of events). Rows are tasks in first-start order, columns
// hosts in first-seen order; per cell a status code and the byte offsets of its lines in the
// events file, so details are read back on demand (see detail.ts).
import type {DriverEvent, TaskRef} from '../ansible/events.js';
import {cellKey, cellStatuses, type CellStatus, type MatrixModel} from './types.js';

const code = Object.fromEntries(cellStatuses.map((s, i) => [s, i])) as Record<CellStatus, number>;
const maxExtra = 0xffff;
const minCapacity = 8;

export function newMatrix(): MatrixModel {
	return {
		tasks: [],
		taskIndex: new Map(),
		hosts: [],
		hostIndex: new Map(),
		hostGroups: new Map(),
		cells: [],
		startOffsets: [],
		resultOffsets: [],
		extras: [],
		currentRow: -1,
		runningSince: new Map(),
		failedCount: 0,
		plays: [],
		finished: false,
		badLines: 0,
	};
}

/** Columns allocated per row (all rows share it). */
function capacity(model: MatrixModel): number {
	return model.cells[0]?.length ?? Math.max(minCapacity, model.hosts.length);
}

function offsets(size: number): Float64Array {
	return new Float64Array(size).fill(-1);
}

/** Grows every row to at least `needed` columns, doubling so growth stays amortized. */
function grow(model: MatrixModel, needed: number): void {
	const old = capacity(model);
	if (model.cells.length === 0 || needed <= old) return;
	const size = Math.max(old * 2, needed);
	for (let r = 0; r < model.cells.length; r++) {
		const cells = new Uint8Array(size);
		cells.set(model.cells[r]!);
		model.cells[r] = cells;
		const start = offsets(size);
		start.set(model.startOffsets[r]!);
		model.startOffsets[r] = start;
		const result = offsets(size);
		result.set(model.resultOffsets[r]!);
		model.resultOffsets[r] = result;
		const extras = new Uint16Array(size);
		extras.set(model.extras[r]!);
		model.extras[r] = extras;
	}
}

function hostColumn(model: MatrixModel, host: string): number {
	const known = model.hostIndex.get(host);
	if (known !== undefined) return known;
	const col = model.hosts.length;
	model.hosts.push(host);
	model.hostIndex.set(host, col);
	grow(model, col + 1);
	return col;
}

function addRow(model: MatrixModel, task: TaskRef): number {
	const row = model.tasks.length;
	model.tasks.push({
		id: task.id,
		name: task.name,
		play: model.plays[model.plays.length - 1] ?? '',
		handler: task.handler ?? false,
		role: task.role ?? null,
	});
	model.taskIndex.set(task.id, row);
	const size = Math.max(capacity(model), model.hosts.length, minCapacity);
	model.cells.push(new Uint8Array(size));
	model.startOffsets.push(offsets(size));
	model.resultOffsets.push(offsets(size));
	model.extras.push(new Uint16Array(size));
	return row;
}

/** The row of a task, created (and made current) when the task was not seen starting. */
function taskRow(model: MatrixModel, id: string, task: TaskRef | undefined): number {
	const known = model.taskIndex.get(id);
	if (known !== undefined) return known;
	const row = addRow(model, task ?? {id, name: id});
	model.currentRow = row;
	return row;
}

const isFailure = (c: number | undefined): boolean => c === code.failed || c === code.unreachable;

/** Sets a cell's status, keeping the count of failed and unreachable cells. */
function setCell(model: MatrixModel, row: number, col: number, status: number): void {
	const cells = model.cells[row]!;
	model.failedCount += Number(isFailure(status)) - Number(isFailure(cells[col]));
	cells[col] = status;
}

export function applyMatrixEvent(model: MatrixModel, event: DriverEvent, offset: number): MatrixModel {
	switch (event.type) {
		case 'play_start':
			model.plays.push(event.play.name);
			for (const host of event.hosts ?? []) hostColumn(model, host);
			for (const [host, groups] of Object.entries(event.hostGroups ?? {})) model.hostGroups.set(hostColumn(model, host), groups);
			break;
		case 'task_start': {
			const known = model.taskIndex.get(event.task.id);
			model.currentRow = known ?? addRow(model, event.task);
			break;
		}
		case 'host_start': {
			const row = taskRow(model, event.taskId, undefined);
			const col = hostColumn(model, event.host);
			setCell(model, row, col, code.running);
			model.runningSince.set(cellKey(row, col), event.t);
			model.startOffsets[row]![col] = offset;
			model.resultOffsets[row]![col] = -1;
			model.extras[row]![col] = 0;
			break;
		}
		case 'result': {
			const row = taskRow(model, event.taskId, event.task);
			const col = hostColumn(model, event.host);
			setCell(model, row, col, code[event.status]);
			model.runningSince.delete(cellKey(row, col));
			if (model.startOffsets[row]![col]! < 0) model.startOffsets[row]![col] = offset;
			model.resultOffsets[row]![col] = offset;
			break;
		}
		case 'item':
		case 'retry': {
			const row = model.taskIndex.get(event.taskId);
			if (row === undefined) break;
			const col = hostColumn(model, event.host);
			const extras = model.extras[row]!;
			if (extras[col]! < maxExtra) extras[col] = extras[col]! + 1;
			if (model.startOffsets[row]![col]! < 0) model.startOffsets[row]![col] = offset;
			break;
		}
		case 'stats':
			model.finished = true;
			model.runningSince.clear();
			break;
		default:
			break;
	}
	return model;
}

/** Status of one cell by name. */
export function cellStatus(model: MatrixModel, row: number, col: number): CellStatus {
	return cellStatuses[model.cells[row]?.[col] ?? 0] ?? 'none';
}

/** The first failed or unreachable cell, in row then column order; null when none. */
export function firstFailure(model: MatrixModel): {row: number; col: number} | null {
	return failedCells(model, 1)[0] ?? null;
}

/** Every failed or unreachable cell, in row then column order (at most `limit`). */
export function failedCells(model: MatrixModel, limit = 100_000): Array<{row: number; col: number}> {
	const out: Array<{row: number; col: number}> = [];
	if (model.failedCount === 0) return out;
	for (let row = 0; row < model.cells.length && out.length < limit; row++) {
		const cells = model.cells[row]!;
		for (let col = 0; col < model.hosts.length; col++) {
			const c = cells[col];
			if (c === code.failed || c === code.unreachable) out.push({row, col});
		}
	}
	return out;
}
