// While a pause is asked and a step still runs: what the pause waits for, in the operator's words
// (status, the viewer's footer and the plain lines say it). Pure.
import type {PlanStep} from '../plan/types.js';
import type {AttemptSummary} from './summary.js';

export function pauseWaitingFor(
	step: PlanStep,
	summary: AttemptSummary,
	o: {
		/** The pause request file exists (false: the pause was heard by signal alone). */
		requestWritten: boolean;
		pauseFile: string;
		/** The step's state says the callback plugin did not load. */
		pluginMissing: boolean;
	},
): string {
	// Already paused: only ansible-playbook's exit is left (not the task it announced).
	if (summary.paused) return `ansible-playbook to exit (it paused before ${summary.paused.task ? `task "${summary.paused.task.name}"` : 'the next play'})`;
	// Heard by signal only: the plugin watches the request file, which could not be written.
	if (!o.requestWritten) return `the end of step ${step.id} (the pause request could not be written to ${o.pauseFile}, so ansible cannot see it)`;
	if (step.kind === 'command') return `the end of step ${step.id} (a command step cannot be cut)`;
	if (step.pause === 'step') return `the end of step ${step.id} (marked pause: step)`;
	if (o.pluginMissing) return `the end of step ${step.id} (the callback plugin did not load: task-level pause unavailable)`;
	if (summary.waiting) return summary.waiting;
	if (step.pause === 'play') return 'the end of the current play or serial batch';
	if (summary.currentTask) return `task "${summary.currentTask.name}" to finish on every host`;
	return 'the next task boundary';
}
