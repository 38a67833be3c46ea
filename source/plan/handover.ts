// The command an operator pastes to run a step by hand, as OpenStack-Ansible's own docs and
// run-upgrade.sh write it: `cd <cwd> && openstack-ansible <playbook> args...`. Pure.
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

/** One line to paste into a shell: the step's cwd, then its command, quoted. */
export function handOverCommand(step: PlanStep): string {
	return `cd ${shellQuote([step.cwd])} && ${shellQuote(handOverArgv(step))}`;
}
