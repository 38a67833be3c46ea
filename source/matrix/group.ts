// Folds host columns whose cells are identical over a range of rows into one column, so a
// 500-host picture still fits: what differs stands out, what is alike is counted.
import type {MatrixModel} from './types.js';

export interface ColumnGroup {
	/** Column (host) indexes, in first-appearance order. */
	hosts: number[];
	/** The host name for a single host, `×N` for a group of N. */
	label: string;
}

/** Groups alike over the given rows (task indexes), in order of each group's first host. */
export function groupColumns(model: MatrixModel, rows: readonly number[], hosts?: readonly number[]): ColumnGroup[] {
	const groups: ColumnGroup[] = [];
	const byKey = new Map<string, ColumnGroup>();
	const codes: number[] = [];
	const cols = hosts ?? model.hosts.map((_name, i) => i);
	for (const col of cols) {
		codes.length = 0;
		for (const row of rows) codes.push(model.cells[row]?.[col] ?? 0);
		const key = String.fromCharCode(...codes);
		const known = byKey.get(key);
		if (known) known.hosts.push(col);
		else {
			const group = {hosts: [col], label: ''};
			byKey.set(key, group);
			groups.push(group);
		}
	}
	for (const group of groups) {
		group.label = group.hosts.length === 1 ? model.hosts[group.hosts[0]!]! : `×${group.hosts.length}`;
	}
	return groups;
}
