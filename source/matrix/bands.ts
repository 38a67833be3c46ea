// Host columns banded under a rule the operator cycles (B in the viewer):
// - 'group': by inventory group, from the groups ansible named for each host at its play's start
//   (or, in a replay, from an inventory: bands-inventory.ts). A band is the host's smallest group
//   that holds more than one host and not all of them, the first by name among equals:
//   galera_all on a three-node cloud, shared-infra_all on an all-in-one.
// - 'prefix': by the host name's start, up to its first digit or separator (web01 -> web), for
//   recordings that name no groups.
// - 'none': no bands.
// Under either rule a band of one host, or of every host, tells nothing: such hosts go unbanded.
import type {MatrixModel} from './types.js';

export type BandRule = 'group' | 'prefix' | 'none';

export interface Band {
	/** The group's name or the prefix; '' for hosts the rule puts in no band. */
	name: string;
	/** Column (host) indexes, in column order. */
	hosts: number[];
}

/** The rule after `rule` (B): group, prefix, none, and round again; group only when groups are known. */
export function nextBandRule(rule: BandRule, groupsKnown: boolean): BandRule {
	if (rule === 'group') return 'prefix';
	if (rule === 'prefix') return 'none';
	return groupsKnown ? 'group' : 'prefix';
}

/** The start of a host name up to its first digit or separator: web01 -> web, db-a -> db; '' for 10.0.0.1. */
export function namePrefix(host: string): string {
	return /^[^\d.\-_@:/\s]*/.exec(host)![0];
}

const bandCache = new WeakMap<MatrixModel, Map<BandRule, {key: string; bands: string[]}>>();

/** The band of every host of the model, by column, under the rule ('' for none). */
export function bandNames(model: MatrixModel, rule: BandRule = 'group'): string[] {
	const key = `${model.hosts.length}:${model.hostGroups.size}`;
	const cached = bandCache.get(model) ?? new Map<BandRule, {key: string; bands: string[]}>();
	const known = cached.get(rule);
	if (known && known.key === key) return known.bands;
	const candidates = (col: number): readonly string[] => {
		if (rule === 'group') return model.hostGroups.get(col) ?? [];
		if (rule === 'prefix') return [namePrefix(model.hosts[col]!)];
		return [];
	};
	const sizes = new Map<string, number>();
	for (let col = 0; col < model.hosts.length; col++) for (const g of new Set(candidates(col))) sizes.set(g, (sizes.get(g) ?? 0) + 1);
	const total = model.hosts.length;
	const bands = model.hosts.map((_name, col) => {
		let best = '';
		let bestSize = Infinity;
		for (const g of candidates(col)) {
			const size = sizes.get(g) ?? 0;
			if (g === '' || size < 2 || size >= total) continue;
			if (size < bestSize || (size === bestSize && g < best)) {
				best = g;
				bestSize = size;
			}
		}
		return best;
	});
	cached.set(rule, {key, bands});
	bandCache.set(model, cached);
	return bands;
}

/**
 * The hosts (column indexes, in the order given) gathered into bands, each band where its first
 * host stood. One band named '' when the rule makes none (no groups known, rule 'none').
 */
export function hostBands(model: MatrixModel, hosts: readonly number[], rule: BandRule = 'group'): Band[] {
	const names = bandNames(model, rule);
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
