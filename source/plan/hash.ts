// Content hashes: a step's identity for resume, and the plan's.
import {createHash} from 'node:crypto';

type Json = string | number | boolean | null | undefined | Json[] | {[key: string]: Json};

/** JSON with object keys sorted at every level and undefined members left out. */
export function canonicalJson(value: Json): string {
	if (Array.isArray(value)) return `[${value.map(item => canonicalJson(item ?? null)).join(',')}]`;
	if (value !== null && typeof value === 'object') {
		const members = Object.keys(value)
			.sort()
			.filter(key => value[key] !== undefined)
			.map(key => `${JSON.stringify(key)}:${canonicalJson(value[key])}`);
		return `{${members.join(',')}}`;
	}

	return JSON.stringify(value ?? null);
}

/** First 16 hex digits of the sha256 of the canonical JSON of `value`. */
export function hashOf(value: Json): string {
	return createHash('sha256').update(canonicalJson(value)).digest('hex').slice(0, 16);
}

export interface StepIdentity {
	kind: 'playbook' | 'command';
	/** The plan's command (playbook steps only). */
	command?: string[];
	/** Absolute playbook path (playbook steps only). */
	playbook?: string;
	args?: string[];
	/** The argv of a command step. */
	run?: string[];
	/** Plan env merged with step env. */
	env: Record<string, string>;
	/** Names removed from the environment; absent when none, so older hashes stay the same. */
	unset?: string[];
	/** Its unit and part in it (absent outside units): a fallback is not the same step as a main one. */
	unit?: {id: string; role: 'main' | 'fallback'};
	/** `creates:` (absent when none). */
	creates?: string;
	/** A check (absent for the upgrade's steps): a check before is not the same step as one after. */
	check?: 'before' | 'after';
}

/** What a step runs, and nothing else: its id, name and pause mode do not count. */
export function stepHash(identity: StepIdentity): string {
	return hashOf({...identity});
}

export function planHash(plan: {name: string; inventory?: string; cwd: string; stepHashes: string[]}): string {
	return hashOf({name: plan.name, inventory: plan.inventory, cwd: plan.cwd, steps: plan.stepHashes});
}
