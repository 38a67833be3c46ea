// Inventory groups of each host from `ansible-inventory --list`, as the callback plugin sends them
// at a play's start (host_groups): every group a host is in, directly or through a child group,
// but `all` and `ungrouped`. Pure: replay/inventory.ts asks ansible (ansible parses INI, YAML and
// the rest; the driver never does).
import type {MatrixModel} from './types.js';

export type HostGroups = ReadonlyMap<string, readonly string[]>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const names = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** host -> its groups (sorted), from the JSON `ansible-inventory --list` prints; empty when it holds none. */
export function inventoryHostGroups(list: unknown): Map<string, string[]> {
	const out = new Map<string, string[]>();
	if (!isObject(list)) return out;
	const groups = new Map<string, {hosts: string[]; children: string[]}>();
	for (const [name, value] of Object.entries(list)) {
		if (name === '_meta' || !isObject(value)) continue;
		groups.set(name, {hosts: names(value['hosts']), children: names(value['children'])});
	}
	// A group's hosts are its own and its children's (ansible refuses a circle; a bad file is not trusted).
	const members = new Map<string, Set<string>>();
	const membersOf = (name: string, seen: Set<string>): Set<string> => {
		const known = members.get(name);
		if (known) return known;
		const group = groups.get(name);
		const all = new Set(group?.hosts ?? []);
		if (group && !seen.has(name)) {
			seen.add(name);
			for (const child of group.children) for (const host of membersOf(child, seen)) all.add(host);
			seen.delete(name);
		}
		members.set(name, all);
		return all;
	};
	for (const name of [...groups.keys()].sort()) {
		if (name === 'all' || name === 'ungrouped') continue;
		for (const host of membersOf(name, new Set())) {
			const mine = out.get(host);
			if (mine) mine.push(name);
			else out.set(host, [name]);
		}
	}
	return out;
}

/**
 * The inventory's groups set on the model's columns from `from` on (hosts it does not hold keep
 * theirs); the number of columns done, to go on from next time. A replay calls it as hosts
 * appear, and with 0 after a play_start that named groups: the inventory given wins.
 */
export function applyHostGroups(model: MatrixModel, groups: HostGroups, from: number): number {
	for (let col = from; col < model.hosts.length; col++) {
		const mine = groups.get(model.hosts[col]!);
		if (mine) model.hostGroups.set(col, [...mine]);
	}
	return model.hosts.length;
}
