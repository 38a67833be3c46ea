// Column labels that depend on the host list only, never on the screen's width: the same host
// reads the same at 80 and at 200 columns. OpenStack-Ansible names its containers
// `<host>_<service>_container-<hex>`; what tells them apart is the service, then the physical
// host, then the hex: `galera@1` for infra1's galera container when infra2 and infra3 have one
// too, `rabbit_mq@1-e9` when one host has two.
import {sanitizeLine} from '../ansible/sanitize.js';

/** The longest label; a longer one is cut in its middle (the start and the host part stay). */
export const labelMax = 14;

const container = /^([^_]+)_(.+)_container-([0-9a-f]{2,})$/i;

interface Parts {
	service: string;
	host: string;
	hex: string;
}

const chars = (s: string): string[] => Array.from(s);
const len = (s: string): number => chars(s).length;

/** Indexes of the values, grouped by key, in first-appearance order. */
function groupBy(keys: string[]): Map<string, number[]> {
	const groups = new Map<string, number[]>();
	keys.forEach((k, i) => {
		const group = groups.get(k);
		if (group) group.push(i);
		else groups.set(k, [i]);
	});
	return groups;
}

/** The longest prefix of all the names (empty for one name). */
function commonPrefix(names: string[]): string {
	if (names.length < 2) return '';
	let common = names[0]!;
	for (const name of names) {
		let i = 0;
		while (i < common.length && i < name.length && common[i] === name[i]) i++;
		common = common.slice(0, i);
	}
	return common;
}

/** infra1, infra2, infra3 -> 1, 2, 3: what is left after the shared start, when that tells them apart. */
function shortHosts(hosts: string[]): string[] {
	const distinct = [...new Set(hosts)];
	const prefix = commonPrefix(distinct);
	const cut = distinct.every((h) => h.length > prefix.length) ? prefix.length : 0;
	return hosts.map((h) => h.slice(cut));
}

/** The fewest hex digits (2 or more) that tell the members apart. */
function shortHex(hexes: string[]): string[] {
	const longest = Math.max(...hexes.map((h) => h.length));
	for (let k = 2; k < longest; k++) {
		const cut = hexes.map((h) => h.slice(0, k));
		if (new Set(cut).size === cut.length) return cut;
	}
	return hexes;
}

/** `a.example.com`, `b.example.com` -> `a`, `b`: a domain every name shares tells nothing. */
function dropCommonDomain(names: string[]): string[] {
	if (names.length < 2 || !names.every((n) => n.includes('.'))) return names;
	const reversed = names.map((n) => chars(n).reverse().join(''));
	const common = commonPrefix(reversed);
	const dot = common.lastIndexOf('.');
	if (dot < 0) return names;
	const suffix = dot + 1;
	return names.every((n) => len(n) > suffix) ? names.map((n) => chars(n).slice(0, len(n) - suffix).join('')) : names;
}

/** Cuts a label to labelMax in its middle, keeping its start and its end (the host part). */
function cap(label: string): string {
	const c = chars(label);
	if (c.length <= labelMax) return label;
	const tail = Math.min(5, Math.floor((labelMax - 1) / 3));
	return [...c.slice(0, labelMax - 1 - tail), '…', ...c.slice(c.length - tail)].join('');
}

/** Labels of containers (by OSA naming): service, then @host when several hosts run it, then -hex. */
function containerLabels(parts: Parts[]): string[] {
	const out: string[] = new Array<string>(parts.length).fill('');
	for (const members of groupBy(parts.map((p) => p.service)).values()) {
		const hosts = members.map((i) => parts[i]!.host);
		const several = new Set(hosts).size > 1;
		const short = shortHosts(hosts);
		const suffixes = members.map((_i, j) => (several ? `@${short[j]}` : ''));
		// Two containers of one service on one host: the hex tells them apart.
		for (const same of groupBy(suffixes).values()) {
			if (same.length < 2) continue;
			const hexes = shortHex(same.map((k) => parts[members[k]!]!.hex));
			same.forEach((k, j) => (suffixes[k] = `${suffixes[k]}-${hexes[j]}`));
		}
		// Too long: the service is cut, never the part that tells its containers apart.
		members.forEach((i, j) => {
			const suffix = suffixes[j]!;
			const room = labelMax - len(suffix);
			const service = parts[i]!.service;
			out[i] = (len(service) <= room ? service : chars(service).slice(0, Math.max(1, room - 1)).join('') + '…') + suffix;
		});
	}
	return out;
}

/** One label per host, in the hosts' order; unique, at most labelMax characters, no control characters. */
export function hostLabels(hosts: readonly string[]): string[] {
	const names = hosts.map((h) => sanitizeLine(h));
	const parsed = names.map((n) => container.exec(n));
	const containers: number[] = [];
	const others: number[] = [];
	parsed.forEach((m, i) => (m ? containers : others).push(i));
	const labels: string[] = new Array<string>(names.length).fill('');
	const fromContainers = containerLabels(containers.map((i) => ({service: parsed[i]![2]!, host: parsed[i]![1]!, hex: parsed[i]![3]!.toLowerCase()})));
	containers.forEach((i, j) => (labels[i] = fromContainers[j]!));
	const plain = dropCommonDomain(others.map((i) => names[i]!));
	others.forEach((i, j) => (labels[i] = plain[j]!));
	return unique(labels.map(cap), names);
}

/** Labels that still collide (cut alike, or a host named like a container's label) get a number. */
function unique(labels: string[], names: string[]): string[] {
	const out = [...labels];
	for (const members of groupBy(labels).values()) {
		if (members.length < 2) continue;
		members.forEach((i, n) => {
			const suffix = `~${n + 1}`;
			out[i] = chars(cap(labels[i]! || names[i]!)).slice(0, labelMax - suffix.length).join('') + suffix;
		});
	}
	return out;
}
