// resume --failed-hosts: refused before anything runs when the step to run next has no failed
// hosts to be limited to, so the operator never gets a whole run where a limited one was asked.
import type {Plan} from '../plan/types.js';
import {failedHostsOf, nextStepIndex} from '../run/machine.js';
import type {RunState} from '../run/types.js';
import {sanitizeLine} from '../ansible/sanitize.js';
import {CommandExit, exitCodes, type Flags} from './io.js';

export function refuseFailedHostsWithoutHosts(state: RunState, plan: Plan, flags: Pick<Flags, 'failedHosts'>, resume: string): void {
	if (!flags.failedHosts) return;
	const index = nextStepIndex(state);
	const s = state.steps[index];
	const step = plan.steps[index];
	if (!s || !step) return; // every step is done: said as it always is
	const refuse = (why: string) => {
		throw new CommandExit(exitCodes.usage, `--failed-hosts: ${why}. Nothing was run; \`${resume}\` runs it on all its hosts.`);
	};
	if (s.status !== 'failed') refuse(`step ${s.id} is ${s.status}, not failed: there are no failed hosts to limit it to`);
	if (step.kind !== 'playbook') refuse(`step ${s.id} runs a command (run:), which cannot be limited to hosts`);
	if (!failedHostsOf(s, step)) refuse(`step ${s.id} failed before any host did${s.reason ? ` (${sanitizeLine(s.reason)})` : ''}: there is no host to limit it to`);
}
