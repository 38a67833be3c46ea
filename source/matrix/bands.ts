// Host columns banded by inventory group, from the groups ansible named for each host at its
// play's start. A band is the host's smallest group that holds more than one host and not all
// of them (a group of one, or of everything, tells nothing), the first by name among equals:
// galera_all on a three-node cloud, shared-infra_all on an all-in-one.
import type {MatrixModel} from './types.js';

export interface Band {
	/** The group's name; '' for hosts ansible named no group for. */
	name: string;
	/** Column (host) indexes, in column order. */
	hosts: number[];
}

const bandCache = new WeakMap<MatrixModel, {key: string; bands: string[]}>();

/** The band (group name, or '') of every host of the model, by column. */
export function bandNames(model: MatrixModel): string[] {
	const key = `${model.hosts.length}:${model.hostGroups.size}`;
	const known = bandCache.get(model);
	if (known && known.key === key) return known.bands;
	const sizes = new Map<string, number>();
	for (const groups of model.hostGroups.values()) for (const g of new Set(groups)) sizes.set(g, (sizes.get(g) ?? 0) + 1);
	const total = model.hosts.length;
	const bands = model.hosts.map((_name, col) => {
		let best = '';
		let bestSize = Infinity;
		for (const g of model.hostGroups.get(col) ?? []) {
			const size = sizes.get(g) ?? 0;
			if (size < 2 || size >= total) continue;
			if (size < bestSize || (size === bestSize && g < best)) {
				best = g;
				bestSize = size;
			}
		}
		return best;
	});
	bandCache.set(model, {key, bands});
	return bands;
}

/**
 * The hosts (column indexes, in the order given) gathered into bands, each band where its first
 * host stood. One band named '' when ansible named no groups (an older recording, another format).
 */
export function hostBands(model: MatrixModel, hosts: readonly number[]): Band[] {
	const names = bandNames(model);
	const byName = new Map<string, Band>();
	const out: Band[] = [];
	for (const col of hosts) {
		const name = names[col] ?? '';
		let band = byName.get(name);
		if (!band) {
			band = {name, hosts: []};
			byName.set(name, band);
			out.push(band);
		}
		band.hosts.push(col);
	}
	return out;
}
