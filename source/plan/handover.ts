// The command an operator pastes to run a step by hand, as OpenStack-Ansible's own docs and
// run-upgrade.sh write it: `cd <cwd> && [env VAR=value ...] openstack-ansible <playbook> args...`. Pure.
import {isAbsolute, relative} from 'node:path';
import {shellQuote} from '../ansible/command.js';
import type {PlanStep} from './types.js';

/** A playbook as the command line names it: relative to cwd when it is under cwd, else absolute; a collection playbook as is. */
export function playbookArgument(playbook: string, cwd: string, collection = false): string {
	if (collection) return playbook;
	const rel = relative(cwd, playbook);
	return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel) ? rel : playbook;
}

/** The step's argv with its playbook written as `playbookArgument` gives it. */
export function handOverArgv(step: PlanStep): string[] {
	if (step.kind !== 'playbook' || step.playbook === undefined) return step.argv;
	const at = step.argv.indexOf(step.playbook);
	if (at === -1) return step.argv;
	const argv = step.argv.slice();
	argv[at] = playbookArgument(step.playbook, step.cwd, step.collection === true);
	return argv;
}

/**
 * One line to paste into a shell that runs argv as the driver does: in cwd, with the plan's and
 * the step's `env:` (through env(1), so every value is quoted as one word; `-u NAME` for a
 * variable the plan removes). The driver's own
 * variables (its callback plugin) are left out: by hand nothing reads them.
 */
export function pasteCommand(cwd: string, env: Record<string, string>, argv: string[], unset: readonly string[] = []): string {
	const assignments = [...unset.flatMap((name) => ['-u', name]), ...Object.entries(env).map(([name, value]) => `${name}=${value}`)];
	const command = assignments.length > 0 ? ['env', ...assignments, ...argv] : argv;
	return `cd ${shellQuote([cwd])} && ${shellQuote(command)}`;
}

/** The step by hand: its cwd, env and command, quoted. */
export function handOverCommand(step: PlanStep): string {
	return pasteCommand(step.cwd, step.env, handOverArgv(step), step.unsetEnv);
}
