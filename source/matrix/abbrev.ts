// Short, unique column labels for host names. OpenStack-Ansible names are long
// (`aio1_galera_container-2ea7a8b6`): when the names do not fit, drop the `_container-<hex>`
// suffix (keeping as few hex digits as tell containers apart), drop a prefix common to all
// names, then shorten each name, keeping every token's start, and number what still collides.
import {sanitizeLine} from '../ansible/sanitize.js';

const separators = new Set(['_', '-', '.']);
const containerSuffix = /_container-([0-9a-f]{4,})$/i;

const chars = (s: string): string[] => Array.from(s);
const len = (s: string): number => chars(s).length;
const cut = (s: string, n: number): string => chars(s).slice(0, Math.max(0, n)).join('');
const isSep = (c: string | undefined): boolean => c !== undefined && separators.has(c);
const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';
const isLetter = (c: string | undefined): boolean => c !== undefined && /\p{L}/u.test(c);
const trimSeps = (s: string): string => s.replace(/^[_.-]+|[_.-]+$/g, '');

/** Indexes of the values, grouped by key, in first-appearance order. */
function groupBy<T>(values: T[], key: (value: T) => string): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	values.forEach((v, i) => {
		const k = key(v);
		const group = groups.get(k);
		if (group) group.push(i);
		else groups.set(k, [i]);
	});
	return groups;
}

/** A name to shorten, and the hex digits that tell its container from another of the same name. */
interface Part {
	base: string;
	tail: string;
}

/** `galera_container-2ea7a8b6` -> `galera`, or `galera` + `-2e` when another galera exists. */
function dropContainerSuffixes(names: string[]): Part[] {
	const parts = names.map((name) => {
		const m = containerSuffix.exec(name);
		return m ? {base: name.slice(0, m.index), hex: m[1]!.toLowerCase()} : {base: name, hex: ''};
	});
	const byBase = groupBy(parts, (p) => p.base);
	const out: Part[] = names.map((name) => ({base: name, tail: ''}));
	for (const members of byBase.values()) {
		if (members.length === 1) {
			out[members[0]!] = {base: parts[members[0]!]!.base, tail: ''};
			continue;
		}
		const longest = Math.max(...members.map((i) => parts[i]!.hex.length));
		for (let k = 2; k <= longest; k++) {
			const tails = members.map((i) => (parts[i]!.hex ? `-${parts[i]!.hex.slice(0, k)}` : ''));
			if (new Set(tails).size < tails.length) continue;
			members.forEach((i, j) => (out[i] = {base: parts[i]!.base, tail: tails[j]!}));
			break;
		}
	}
	return out;
}

/** Drops the longest prefix shared by all names that ends on a word boundary. */
function dropCommonPrefix(parts: Part[]): Part[] {
	const names = parts.map((p) => p.base);
	if (names.length < 2) return parts;
	let common = names[0]!;
	for (const name of names) {
		let i = 0;
		while (i < common.length && i < name.length && common[i] === name[i]) i++;
		common = common.slice(0, i);
	}
	for (let c = common.length; c >= 1; c--) {
		const longer = names.filter((n) => n.length > c);
		if (longer.length === 0) continue;
		const boundary = longer.every((n) => isSep(n[c]) || isSep(n[c - 1]) || (isLetter(n[c - 1]) && isDigit(n[c])));
		if (!boundary) continue;
		return parts.map((p) => {
			const rest = trimSeps(p.base.slice(c));
			return p.base.length > c && rest !== '' ? {base: rest, tail: p.tail} : p;
		});
	}
	return parts;
}

/** Plain cut, without a dangling separator. */
function head(name: string, w: number): string {
	return len(name) <= w ? name : trimSeps(cut(name, w)) || cut(name, w);
}

/** Every token keeps its start: `neutron_server` -> `neut_ser`. */
function spread(name: string, w: number): string {
	if (len(name) <= w) return name;
	const tokens = name.split(/[_.-]+/).filter((t) => t !== '');
	const joiner = tokens.length * 2 - 1 <= w ? '_' : '';
	const kept = tokens.slice(0, joiner ? tokens.length : w);
	const alloc = kept.map(() => 0);
	let left = w - (kept.length - 1) * joiner.length;
	for (let progressed = true; left > 0 && progressed; ) {
		progressed = false;
		for (let i = 0; i < kept.length && left > 0; i++) {
			if (alloc[i]! < len(kept[i]!)) {
				alloc[i]!++;
				left--;
				progressed = true;
			}
		}
	}
	return kept.map((t, i) => cut(t, alloc[i]!)).join(joiner);
}

/** Initials, then as much of the last token as fits: `nova_console` -> `n_conso`. */
function lastHeavy(name: string, w: number): string {
	const tokens = name.split(/[_.-]+/).filter((t) => t !== '');
	const last = tokens.pop();
	if (last === undefined || tokens.length === 0 || len(name) <= w) return head(name, w);
	const initials = tokens.map((t) => cut(t, 1)).join('_') + '_';
	return len(initials) >= w ? head(name, w) : initials + cut(last, w - len(initials));
}

/** Keeps a trailing number whole: `compute123` -> `co123`. */
function headTail(name: string, w: number): string {
	const m = /\d+$/.exec(name);
	if (len(name) <= w || !m) return head(name, w);
	const end = m[0];
	if (len(end) >= w) return end.slice(-w);
	return cut(name, w - len(end)) + end;
}

function numbered(base: string, n: number, w: number): string {
	const suffix = String(n);
	return w > suffix.length ? cut(base, w - suffix.length) + suffix : n.toString(36).slice(-w);
}

function duplicates(labels: string[]): number[][] {
	return [...groupBy(labels, (l) => l).values()].filter((g) => g.length > 1);
}

/** Labels for distinct names, each within its width, unique where the width allows. */
function fitAll(names: string[], widths: number[]): string[] {
	const out = names.map((n, i) => head(n, widths[i]!));
	const groups = duplicates(out);
	const used = new Set(out);
	// Names whose plain cut collides all take another form, so none looks like the plain one.
	for (const group of groups) for (const i of group) used.delete(out[i]!);
	for (const group of groups) {
		for (const i of group) {
			const forms = [spread, lastHeavy, headTail].map((form) => form(names[i]!, widths[i]!));
			let label = forms.find((l) => !used.has(l));
			for (let n = 1; label === undefined; n++) {
				const candidate = numbered(out[i]!, n, widths[i]!);
				if (!used.has(candidate) || n > names.length) label = candidate;
			}
			out[i] = label;
			used.add(label);
		}
	}
	return out;
}

/**
 * Shortens the distinct names first, so that the hex tails only tell apart containers of one
 * name; where a tail does not fit, those containers are numbered instead (`gal1`, `gal2`).
 */
function fitParts(parts: Part[], w: number): string[] {
	const members = groupBy(parts, (p) => p.base);
	const bases = [...members.keys()];
	const tailWidth = (base: string) => Math.max(...members.get(base)!.map((i) => len(parts[i]!.tail)));
	// A tail is kept when the name keeps 4 characters beside it (or fits whole).
	const keepsTail = (base: string) => len(base) + tailWidth(base) <= w || w - tailWidth(base) >= 4;
	const suffixWidth = (base: string) => {
		const count = members.get(base)!.length;
		if (keepsTail(base)) return tailWidth(base);
		return count > 1 ? String(count).length : 0;
	};
	const labels = fitAll(bases, bases.map((b) => Math.max(1, w - suffixWidth(b))));
	const out: string[] = new Array<string>(parts.length);
	bases.forEach((base, b) => {
		const group = members.get(base)!;
		group.forEach((i, j) => {
			if (keepsTail(base)) out[i] = labels[b]! + parts[i]!.tail;
			else out[i] = group.length > 1 ? labels[b]! + String(j + 1) : labels[b]!;
		});
	});
	// Whatever still collides (widths too small for the names) is numbered over all names.
	for (const group of duplicates(out)) for (const i of group) out[i] = numbered(trimSeps(parts[i]!.base), i + 1, w);
	return out;
}

/**
 * One label per name, at most `maxWidth` characters, unique while the width allows. Names that
 * all fit are returned as they are (sanitized).
 */
export function abbreviateHosts(names: string[], maxWidth: number): string[] {
	const w = Math.max(1, Math.floor(maxWidth));
	const clean = names.map((n) => sanitizeLine(n));
	if (clean.every((n) => len(n) <= w)) return clean;
	return fitParts(dropCommonPrefix(dropContainerSuffixes(clean)), w);
}
