// Plain line output: one line per step start and end, failed hosts as they fail, a summary, and
// after a failure or abort the commands to go on by hand. Used with --plain or a non-TTY stdout.
import type {Writable} from 'node:stream';
import {sanitizeLine} from '../ansible/sanitize.js';
import type {Plan, PlanStep} from '../plan/types.js';
import {failedHostsOf, isFinished, nextStepIndex, type Outcome} from '../run/machine.js';
import {failedBeforeCheck, notStartedWords} from '../run/checks.js';
import {handOverOnHosts} from '../plan/handover.js';
import type {Reporter} from '../run/reporter.js';
import type {Attempt, HostProblem, RunState, StepState} from '../run/types.js';
import {count} from '../text/words.js';
import {formatDuration, handOverCommands, problemText, stepDuration, stepLabel, stepLines, totalsText} from './format.js';

const clock = () => new Date().toTimeString().slice(0, 8);

export class PlainReporter implements Reporter {
	private total = 0;
	constructor(
		private readonly out: Writable,
		/** How to continue this run, e.g. `ansible-driver resume --state-dir DIR`. */
		private readonly resumeCommand = 'ansible-driver resume',
	) {}

	private line(text: string): void {
		this.out.write(`${clock()} ${text}\n`);
	}

	start(state: RunState, plan: Plan, stateDir: string): void {
		this.total = plan.steps.length;
		const done = state.steps.filter(isFinished).length;
		this.line(`plan "${plan.name}": ${count(plan.steps.length, 'step')}${done > 0 ? `, ${done} already done` : ''}; run directory ${stateDir}`);
	}

	planChanged(plan: Plan): void {
		this.total = plan.steps.length;
	}

	stepStart(index: number, step: PlanStep, attempt: Attempt): void {
		const extra = attempt.n > 1 ? ` (attempt ${attempt.n})` : '';
		this.line(`${stepLabel(index, this.total, step.id)} started${extra}; log ${attempt.logFile}`);
	}

	problem(index: number, step: PlanStep, problem: HostProblem): void {
		this.line(`${stepLabel(index, this.total, step.id)} ${problemText(problem)}`);
	}

	note(text: string): void {
		this.line(text);
	}

	stepEnd(index: number, step: PlanStep, s: StepState, outcome: Outcome): void {
		const d = stepDuration(s);
		const head = `${stepLabel(index, this.total, step.id)} ${outcome.status.toUpperCase()} in ${d === null ? '-' : formatDuration(d)}`;
		this.line(`${head}: ${totalsText(s.hosts)}${outcome.status === 'done' ? '' : `; ${sanitizeLine(outcome.reason)}`}`);
	}

	end(state: RunState, plan: Plan, exitCode: number): void {
		this.out.write('\n' + stepLines(state).join('\n') + '\n\n');
		const index = nextStepIndex(state);
		const status = state.run.status;
		const check = failedBeforeCheck(state);
		if (status === 'done') this.line(`${plan.steps.length === 1 ? 'the step is' : `all ${plan.steps.length} steps`} done.`);
		else if (status === 'paused') this.line(`paused (exit ${exitCode}). Continue with: ${this.resumeCommand}`);
		else if (check) this.line(`the upgrade has ${notStartedWords(check)} (exit ${exitCode}). Mend what it found, then: ${this.resumeCommand} (the check runs again); or start the upgrade without its checks: ${this.resumeCommand} --no-checks`);
		else this.line(`run ${status} (exit ${exitCode}).`);
		if ((status === 'failed' || status === 'aborted') && index !== -1) {
			const failed = state.steps[index]!;
			const log = failed.attempt?.logFile;
			if (log && failed.problems.length === 0) this.line(`see the step's ansible output in ${log}`);
			const step = plan.steps[index]!;
			const hosts = failedHostsOf(failed, step);
			const onHosts = hosts ? ` (${hosts.map(sanitizeLine).join(', ')})` : '';
			this.out.write(
				`\nTo retry with the driver: ${this.resumeCommand}\n` +
					(hosts ? `To retry ${step.id} on the hosts that failed only${onHosts}, then go on: ${this.resumeCommand} --failed-hosts\n` : '') +
					`To go on by hand instead, run these in order:\n${handOverCommands(plan, index)
						.map((c) => `  ${c}`)
						.join('\n')}\n` +
					(hosts ? `Or, instead of the first line, ${step.id} on the hosts that failed only${onHosts}:\n  ${handOverOnHosts(step, hosts)}\n` : ''),
			);
		}
	}
}
