// The usage texts, and how a help request is recognised before anything else is parsed: a
// command asked for its help must only print it, never act (pause a run, start a plan).

export const commandNames = ['run', 'resume', 'status', 'stop', 'plan', 'reset', 'report', 'replay', 'attach', 'settings', 'help'] as const;
export type CommandName = (typeof commandNames)[number];

const exitCodesText = `  Exit codes
    0 all steps done         1 a step failed          2 bad usage or input
    3 paused                 4 aborted                5 another live supervisor holds the run
    6 the run is going on (status: a supervisor is running or pausing it)
    7 not started: a start or reset declined at its prompt, or a check before the upgrade
      failed (nothing of it ran); status: also a run that has not started, or whose
      supervisor stopped without finishing (resume continues it)`;

export const mainUsage = `
  Drive a long multi-playbook Ansible upgrade: a live task x host view, a safe pause,
  and resume from the saved state.

  Usage
    $ ansible-driver <command> [options]
    $ ansible-driver help <command>       (or: ansible-driver <command> --help)

  Commands
    run [PLAN]          start, or continue, the plan (default: the built-in demo plan);
                        PLAN osa: the plan of an OpenStack-Ansible clone's run-upgrade.sh
    resume              continue the run (the latest one, or --state-dir)
    status [--json]     print the run's state; the exit code says how it stands
    stop [--abort]      ask the running supervisor to pause (default) or abort
    plan [PLAN] [--json]  check and print a plan; without PLAN, list the built-in plans
    reset [STEP...]     forget finished/failed state so steps run again (asks unless --yes)
    report [--format md|junit|json]   a report of the run (default md)
    replay PATH [--speed N]  play a recorded run back
    attach              open the terminal UI on a live, paused or finished run
    settings [PLAN] [--json]  each setting in effect and where it came from;
                        settings set KEY VALUE, settings unset KEY: the account file's
    help [COMMAND]      this text, or one command's usage (as COMMAND --help)

  Options
    --state-dir DIR     the run directory (default: $XDG_STATE_HOME/ansible-driver/<plan>)
    --plain             line output in the foreground instead of the terminal UI
    --yes               no confirmation prompts; accept a changed plan on run/resume
    --at-task           resume a paused step at the task where it paused (--start-at-task)
    --failed-hosts      resume a failed step on the hosts that failed only (--limit)
    --json              machine-readable output (status, plan)
    --abort             with stop: abort instead of pausing
    --wait [--timeout S]  with status: wait for the run to stop, exit with its code
    --notify CMD        run CMD on run events (failed, paused, aborted, done, stalled),
                        beside the notify setting's hook
    --no-bell           no terminal bell in the UI (the bell setting's default is true)
    --osa-clone DIR     with PLAN osa: the clone (default $OSA_CLONE_DIR or /opt/openstack-ansible)
    --source-series S   with PLAN osa: the series the deployment runs now (else asked)
    --no-split          steps with split: imports (OSA's setup_*) run whole, not per imported playbook
    --no-checks         skip the plan's checks before and after the upgrade (OSA's health checks)
    --write FILE        with plan: save the plan as a plan file
    -h, --help          this text; with a command, that command's
    --version           the driver's version and commit, and the ansible-core on PATH

${exitCodesText}
`;

const stateDirOption = `    --state-dir DIR  the run directory (default: the latest run's)`;

const usages: Record<CommandName, string> = {
	run: `
  ansible-driver run [PLAN] [--plain] [--yes] [--at-task] [--notify CMD] [--no-bell] [--state-dir DIR]
  ansible-driver run osa [--osa-clone DIR] [--source-series S] [options as above]

  Starts the plan, or continues it in its run directory, skipping the steps already done.
  PLAN is a plan file or a built-in plan's name (default: demo), or osa: the plan derived
  from the OpenStack-Ansible clone's own scripts/run-upgrade.sh (its playbook runs, markers,
  backup and bootstrap), asking which series the deployment runs when the script offers
  several. A new run lists its steps and asks you to type YES first. On a terminal the run goes on in a background supervisor
  and the terminal UI shows it; q leaves the UI, the run goes on. With --plain (or without
  a terminal) the supervisor runs in the foreground and prints lines: Ctrl-C pauses at the
  next safe point, a second Ctrl-C aborts.

  Options
    --plain          line output in the foreground instead of the terminal UI
    --yes            start without the YES prompt; accept a plan changed since the run began
    --at-task        a paused step continues at the task where it paused (--start-at-task)
    --notify CMD     also run CMD (a program and its arguments, split as a shell splits words,
                     quotes kept; no shell runs it) when a step fails, the run pauses, is aborted
                     or is done, or a task stalls
    --no-bell        the terminal UI does not ring the bell when the run fails, pauses or ends
    --state-dir DIR  the run directory (default: $XDG_STATE_HOME/ansible-driver/<plan>)
    --osa-clone DIR  with osa: the clone (default $OSA_CLONE_DIR, else /opt/openstack-ansible)
    --source-series S  with osa: the series the deployment runs now (else SOURCE_SERIES, or asked)
    --no-split       steps with split: imports (the OSA plans' setup_* steps) run whole; kept
                     for the run's resumes
    --no-checks      skip the plan's checks before and after the upgrade (the OSA plans'
                     health checks); kept for the run's resumes

  Examples
    $ ansible-driver run                       the built-in demo
    $ ansible-driver run osa --source-series 2025.2
    $ ansible-driver run upgrade.yml --plain 2>&1 | tee -i upgrade.out

  Exit codes: 0 done, 1 a step failed, 2 bad input, 3 paused, 4 aborted, 5 already running,
  7 not started: declined at the prompt (nothing was written), or a check before the upgrade
  failed (nothing of the upgrade ran; resume runs the check again).
`,
	resume: `
  ansible-driver resume [--plain] [--yes] [--at-task | --failed-hosts] [--no-checks] [--notify CMD] [--no-bell] [--state-dir DIR]

  Continues the latest run (or the one in --state-dir) with the plan it was started with:
  finished steps are skipped, a paused, failed or aborted step runs again from its start
  (from the paused task with --at-task). With --failed-hosts a failed step runs again on
  the hosts that failed or were unreachable in its last attempt only (--limit); its plays are
  not run again on the other hosts, and the steps after it run on all hosts. If the step's
  process still runs because the driver was killed, resume follows it instead of starting it
  twice.

  Options
    --plain          line output in the foreground instead of the terminal UI
    --yes            accept a plan changed since the run began
    --at-task        a paused step continues at the task where it paused
    --failed-hosts   a failed step runs again on its failed hosts only
    --no-checks      go on without the plan's checks (a failed one is skipped); kept for
                     the run's resumes
    --notify CMD     also run CMD on run events (see run --help)
    --no-bell        no terminal bell in the UI
${stateDirOption}

  Example
    $ ansible-driver resume --plain
    $ ansible-driver resume --failed-hosts

  Exit codes: as for run.
`,
	status: `
  ansible-driver status [--json] [--wait [--timeout S]] [--state-dir DIR]

  Prints the run's state: each step's status, host totals, host problems, and what a pause
  waits for. Reads only; it never changes the run. The exit code says how the run stands,
  for scripts.

  Options
    --json           the state as JSON (also when there is no run: {"run": null, ...})
    --wait           wait while a supervisor runs it, then print the final status line and
                     exit with the run's code
    --timeout S      with --wait: give up after S (seconds, or like 90m, 2h); exit 6
${stateDirOption}

  Examples
    $ ansible-driver status --json | jq .run.status
    $ ssh deploy1 ansible-driver status --wait && echo upgraded

  Exit codes: 0 done, 1 failed, 2 no run found or bad input, 3 paused, 4 aborted,
  6 going on (running or pausing), 7 not started, or its supervisor stopped without
  finishing (resume continues it).
`,
	stop: `
  ansible-driver stop [--abort] [--state-dir DIR]

  Asks the running supervisor to pause: the running task finishes on every host and
  nothing new starts. With --abort the running step is interrupted now (it runs again from
  its start on resume). Does nothing when no supervisor runs.

  Options
    --abort          abort instead of pausing
${stateDirOption}

  Examples
    $ ansible-driver stop
    $ ansible-driver stop --abort

  Exit codes: 0 asked (or nothing to stop), 1 the request could not be written (a full disk;
  the supervisor was signalled and still pauses or aborts), 2 no run found.
`,
	plan: `
  ansible-driver plan [PLAN] [--json] [--write FILE] [--osa-clone DIR] [--source-series S] [--no-split] [--no-checks]

  Checks a plan and prints its steps as the driver would run them, with the environment
  it adds, and what on this machine is missing (cwd, inventory, playbooks, commands).
  PLAN osa: the plan derived from the clone's scripts/run-upgrade.sh, and how it differs
  from the built-in plan of that series. Without PLAN, lists the built-in plans. Runs nothing.

  Options
    --json           the plan and the problems found as JSON
    --write FILE     save the plan as a plan file (never overwrites), to review, edit, run
    --osa-clone DIR  with osa: the clone (default $OSA_CLONE_DIR, else /opt/openstack-ansible)
    --source-series S  with osa: the series the deployment runs now (else SOURCE_SERIES)

  Examples
    $ ansible-driver plan upgrade.yml
    $ ansible-driver plan osa --source-series 2025.2 --write upgrade-2026.1.yml

  Exit codes: 0 the plan can run here, 2 the plan is bad or this machine lacks what it runs.
`,
	reset: `
  ansible-driver reset [STEP...] [--yes] [--state-dir DIR]

  Forgets the outcome of the given steps (default: all), so they run again on the next run
  or resume; offers to remove their run-upgrade.sh markers too. Asks you to type YES unless
  --yes. Refused while a supervisor runs the plan.

  Options
    --yes            no prompt (needed when not on a terminal)
${stateDirOption}

  Example
    $ ansible-driver reset setup-hosts galera-install

  Exit codes: 0 reset, 2 bad input, 5 a supervisor runs, 7 declined (nothing was reset).
`,
	report: `
  ansible-driver report [--format md|junit|json] [--state-dir DIR]

  Prints a report of the run: each step's status, duration, attempts and host totals, and
  the failed hosts with their task and message. A finished, paused, failed or aborted run
  also keeps report.md in its run directory. Reads only.

  Options
    --format F       md (default), junit or json
${stateDirOption}

  Example
    $ ansible-driver report --format junit > upgrade.xml

  Exit codes: 0 printed, 2 no run found or bad input.
`,
	replay: `
  ansible-driver replay PATH [--speed N] [--inventory FILE] [--plain]
                       [--cast FILE [--size COLSxROWS]]

  Plays a recorded run back in the terminal UI: a run directory, an events file,
  ansible.posix.jsonl or .json output, or ansible-runner artifacts. Runs nothing.
  Host columns are banded by inventory group: those of --inventory FILE, else those
  the recording holds or the inventory an ansible-runner folder names (ansible-inventory
  reads it); B in the viewer bands by name prefix instead, or not at all.

  Options
    --speed N        1 = real time (default), 2 = twice as fast, 0 = at once
    --inventory FILE band the hosts by this inventory's groups (what ansible takes
                     after -i), over any the recording names; --plain shows no bands
    --plain          print a summary instead of the terminal UI
    --cast FILE      no terminal: write the viewer's frames to FILE, an asciicast v2 file
                     (asciinema play FILE), timed by the recording; never overwrites
    --size COLSxROWS the cast's terminal size (default 120x36)

  Examples
    $ ansible-driver replay ~/.local/state/ansible-driver/demo --speed 4
    $ ansible-driver replay ~/.local/state/ansible-driver/demo --cast demo.cast --speed 4

  Exit codes: 0 played, 2 bad input.
`,
	attach: `
  ansible-driver attach [--no-bell] [--cast FILE] [--state-dir DIR]

  Opens the terminal UI on the latest run (or --state-dir): live, paused or finished.
  q leaves the UI; the run goes on. Needs a terminal. The bell rings when the run fails,
  pauses or ends while you watch.

  Options
    --no-bell        no bell
    --cast FILE      also record the session to FILE, an asciicast v2 file (asciinema play
                     FILE), timed as it happened; never overwrites
${stateDirOption}

  Example
    $ ansible-driver attach

  Exit codes: 0 the run goes on or is done, 1 failed, 2 bad input or no terminal,
  3 paused, 4 aborted.
`,
	settings: `
  ansible-driver settings [PLAN] [--json] [--notify CMD] [--no-bell]
  ansible-driver settings set KEY VALUE
  ansible-driver settings unset KEY

  Prints each setting, the value in effect and where it came from. Reads only. The layers,
  lowest first: the default; the account file ($XDG_CONFIG_HOME/ansible-driver/config.json,
  else ~/.config/ansible-driver/config.json); ansible-driver.yml in the plan's folder (else
  in the current directory); the plan's own notify: and stall_after:; the options. The
  highest that sets a key wins whole; --notify adds a hook beside the setting's. With PLAN,
  its folder's file and its own keys are shown (as run PLAN would take them).

  set and unset change the account file only. VALUE is read as YAML: a word, a number, or a
  flow list or map in quotes. A bad key or value is exit 2 and nothing is written; so is a
  damaged account file (fix or remove it). A damaged account file, or an ansible-driver.yml
  that another user owns or can write, is ignored with a warning by every command.

  Settings
    bell         true or false: the terminal UI rings when the run fails, pauses or ends
    color        auto (NO_COLOR, FORCE_COLOR decide), always or never: the terminal UI's
                 colours; FORCE_COLOR set for one command wins over it, it wins over NO_COLOR
    notify       a hook on run events, as the plan's notify: (a list, or {command, on, timeout})
    stall_after  a duration (900, 15m, 1h30m): a task running longer on a host is stalled
    state_root   where runs live (absolute, or ~/...; default $XDG_STATE_HOME/ansible-driver)

  Options
    --json           the same as JSON
    --notify CMD     show the hook --notify would add
    --no-bell        show the bell as --no-bell would set it

  Examples
    $ ansible-driver settings upgrade.yml
    $ ansible-driver settings set stall_after 20m
    $ ansible-driver settings set notify '{command: [mail, -s, done, ops@example.com], on: [failed, done]}'
    $ ansible-driver settings unset notify

  Exit codes: 0 printed or changed, 2 bad key, value, plan or damaged account file.
`,
	help: `
  ansible-driver help [COMMAND]

  Prints the usage of ansible-driver, or of one command.

  Example
    $ ansible-driver help run
`,
};

export function isCommandName(word: string): word is CommandName {
	return (commandNames as readonly string[]).includes(word);
}

export function commandUsage(command: CommandName): string {
	return usages[command];
}

/** Options that take a value: their value is not a command word. */
const valued = new Set(['--state-dir', '--format', '--speed', '--notify', '--timeout', '--osa-clone', '--source-series', '--write', '--cast', '--size']);

export type HelpRequest = {topic: CommandName | null} | {unknown: string};

/**
 * Whether argv asks for help, and about what: `help [COMMAND]`, or `-h`/`--help` anywhere
 * (with the command word it names, if any). Null when it does not ask for help.
 */
export function helpRequest(argv: string[]): HelpRequest | null {
	const words: string[] = [];
	let asked = false;
	for (let i = 0; i < argv.length; i++) {
		const arg = argv[i]!;
		if (arg === '--') break;
		if (arg === '-h' || arg === '--help') asked = true;
		else if (valued.has(arg)) i++;
		else if (!arg.startsWith('-')) words.push(arg);
	}
	if (words[0] === 'help') {
		const topic = words[1];
		// `help --help`: the help command's own usage.
		if (topic === undefined) return {topic: asked ? 'help' : null};
		return isCommandName(topic) ? {topic} : {unknown: topic};
	}
	if (!asked) return null;
	const command = words[0];
	return {topic: command !== undefined && isCommandName(command) ? command : null};
}
