// A playbook step whose callback plugin did not load (a wrapper replaced ANSIBLE_CALLBACK_PLUGINS):
// looked for while no event has arrived, at most once a second (each look reads the log), and
// what the operator is told to do about it.
import {userRcSettingCallbacks, wrapperRc} from '../ansible/wrapper-rc.js';
import {withStepEnv} from '../plan/step-env.js';
import type {PlanStep} from '../plan/types.js';
import {pluginMissing} from './plugin-check.js';
import type {AttemptSummary} from './summary.js';
import type {StepState} from './types.js';

export class PluginWatch {
	private lastLook = 0;

	/** True when this look finds ansible running plays without the plugin (told once: the state then says eventsSeen false). */
	missing(step: PlanStep, stepState: StepState | undefined, summary: AttemptSummary): boolean {
		const attempt = stepState?.attempt;
		if (step.kind !== 'playbook' || summary.hello || !attempt || stepState.eventsSeen === false) return false;
		if (Date.now() - this.lastLook < 1000) return false;
		this.lastLook = Date.now();
		return pluginMissing(attempt.logFile, attempt.eventsFile);
	}
}

export function pluginMissingWarning(step: PlanStep, env: Record<string, string | undefined>): string {
	return `warning: step ${step.id}: the callback plugin did not load (${replacedBy(step, env)}): no live results for this step, and a pause takes effect after it`;
}

/** What replaced ANSIBLE_CALLBACK_PLUGINS, as far as the driver can tell. */
function replacedBy(step: PlanStep, env: Record<string, string | undefined>): string {
	const merged = withStepEnv(env, step);
	const userRc = wrapperRc(step.argv[0] ?? '', merged, step.cwd) ? userRcSettingCallbacks(merged) : null;
	return userRc
		? `${userRc}, which the openstack-ansible wrapper sources last, sets ANSIBLE_CALLBACK_PLUGINS: append to it there instead, e.g. export ANSIBLE_CALLBACK_PLUGINS="\${ANSIBLE_CALLBACK_PLUGINS}:/your/folder"`
		: 'something replaced ANSIBLE_CALLBACK_PLUGINS';
}
