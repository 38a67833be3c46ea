# Copyright: ansible-driver contributors
# Apache License 2.0
#
# The callback plugin of ansible-driver: writes the run as NDJSON events (docs/events.md) and
# stops the run gracefully at a safe task boundary when a pause is requested.

from __future__ import (absolute_import, division, print_function)
__metaclass__ = type

DOCUMENTATION = '''
    name: ansible_driver
    type: notification
    short_description: write run events as NDJSON for ansible-driver and pause at safe points
    description:
        - Appends one JSON object per line (play, task, host result, loop item, retry, notify,
          stats and pause records) to the file named by the environment variable
          C(ANSIBLE_DRIVER_EVENTS). Does nothing when that variable is unset.
        - When the file named by C(ANSIBLE_DRIVER_PAUSE_FILE) exists, stops the run at the next
          safe point (a task or play start with no notified handler pending; see
          C(ANSIBLE_DRIVER_PAUSE_MODE) = task, play or step) by exiting with code 75.
        - Needs no enabling; it is loaded from C(ANSIBLE_CALLBACK_PLUGINS) alone.
    requirements:
        - ansible-driver sets ANSIBLE_DRIVER_EVENTS, ANSIBLE_DRIVER_PAUSE_FILE and ANSIBLE_DRIVER_PAUSE_MODE
'''

import json
import os
import sys
import threading
import time

from ansible.plugins.callback import CallbackBase

try:
    from ansible.release import __version__ as _ANSIBLE_VERSION
except Exception:  # pragma: no cover - very old or odd installs
    _ANSIBLE_VERSION = 'unknown'


def _version_tuple(text):
    parts = []
    for piece in str(text).split('.')[:2]:
        digits = ''.join(ch for ch in piece if ch.isdigit())
        parts.append(int(digits) if digits else 0)
    return tuple(parts)


# From 2.15 on (the handler rework) a changed result's notification is saved in the play iterator
# and announced with v2_playbook_on_notify only when handlers are flushed; before, the
# notification was announced at once. See docs/handlers.md.
DEFERRED_NOTIFY = _version_tuple(_ANSIBLE_VERSION) >= (2, 15) if _ANSIBLE_VERSION != 'unknown' else True

FORMAT_VERSION = 1
PAUSE_EXIT_CODE = 75
OUTPUT_TAIL = 4000  # stdout / stderr: keep the last characters
MSG_HEAD = 2000  # msg / item labels: keep the first characters
PAUSE_MODES = ('task', 'play', 'step')
# Strategies that finish a task on every host before the next task starts on any host.
LOCKSTEP_STRATEGIES = frozenset((
    'linear', 'debug',
    'ansible.builtin.linear', 'ansible.builtin.debug',
    'ansible.legacy.linear', 'ansible.legacy.debug',
))


def _json_default(value):
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def _valid_utf8(line):
    """The line with anything UTF-8 cannot hold replaced by U+FFFD.

    ansible decodes host output with surrogateescape, so a byte such as \\377 arrives as a lone
    surrogate that no UTF-8 write accepts: without this the whole record would be lost.
    """
    try:
        line.encode('utf-8')
        return line
    except UnicodeEncodeError:
        pass
    try:
        return line.encode('utf-8', 'surrogateescape').decode('utf-8', 'replace')
    except UnicodeEncodeError:
        return line.encode('utf-8', 'replace').decode('utf-8')


def _is_traceback(value):
    return 'Traceback (most recent call last)' in (_text(value) or '')


def _text(value):
    """A string for a host-supplied value (msg may be a list or dict)."""
    if value is None:
        return None
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bytes):
        return value.decode('utf-8', 'replace')
    try:
        return json.dumps(value, default=_json_default, ensure_ascii=False)
    except Exception:
        return str(value)


def _safe(method):
    """Run a callback body; a failure of the plugin's own logic never breaks the playbook.

    SystemExit (the pause) and KeyboardInterrupt are not Exception subclasses and pass through.
    """
    def wrapper(self, *args, **kwargs):
        if not self._enabled:
            return None
        try:
            return method(self, *args, **kwargs)
        except Exception as exc:
            try:
                self._display.debug('ansible_driver callback: %s failed: %r' % (method.__name__, exc))
            except Exception:
                pass
            return None
    wrapper.__name__ = method.__name__
    wrapper.__doc__ = method.__doc__
    return wrapper


class CallbackModule(CallbackBase):

    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'ansible_driver'
    CALLBACK_NEEDS_ENABLED = False
    CALLBACK_NEEDS_WHITELIST = False

    def __init__(self, display=None, options=None):
        super(CallbackModule, self).__init__(display=display, options=options)
        self._enabled = False
        self._lock = threading.RLock()
        self._fh = None
        self._events_path = os.environ.get('ANSIBLE_DRIVER_EVENTS') or None
        self._pause_file = os.environ.get('ANSIBLE_DRIVER_PAUSE_FILE') or None
        mode = (os.environ.get('ANSIBLE_DRIVER_PAUSE_MODE') or 'task').strip().lower()
        self._pause_mode = mode if mode in PAUSE_MODES else 'task'
        self._play = None  # the PlayRef dict of the current play (or serial batch)
        self._strategy = None
        # What a pause must wait for: key -> {'name': str, 'hosts': set of host names}. Keys are
        # 'handler:<uuid>' (a handler notified on hosts: v2_playbook_on_notify) and, from 2.15 on,
        # 'notify:<name>' (a changed task's notification that ansible saved for the next flush).
        self._pending = {}
        self._last_wait_reason = None
        self._host_started = {}  # (host, task uuid) -> monotonic start time
        # (host, task uuid) -> failed attempts so far: releases disagree on the number they pass
        # to v2_runner_retry (2.22 gives the next attempt's), so the plugin counts them itself.
        self._retries_seen = {}
        self._last_task_id = None  # uuid of the last task start seen in this play (or batch)
        self._grouped_hosts = set()  # hosts whose inventory groups were sent already
        if not self._events_path:
            # Switched off: ansible skips a disabled plugin entirely.
            self.disabled = True
            return
        try:
            # Private like the rest of the run directory, whatever the umask.
            fd = os.open(self._events_path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
            self._fh = os.fdopen(fd, 'a', encoding='utf-8')
            self._enabled = True
            self._emit('hello', {
                'ansible_version': _ANSIBLE_VERSION,
                'pid': os.getpid(),
                'python': sys.version.split()[0],
                'pause_mode': self._pause_mode,
            })
        except Exception as exc:
            self._enabled = False
            self.disabled = True
            try:
                self._display.warning('ansible_driver callback: cannot write events to %s: %s' % (self._events_path, exc))
            except Exception:
                pass

    # ------------------------------------------------------------------ output

    def _emit(self, kind, fields):
        record = {'v': FORMAT_VERSION, 'type': kind, 't': time.time()}
        record.update(fields)
        line = _valid_utf8(json.dumps(record, default=_json_default, ensure_ascii=False))
        with self._lock:
            if self._fh is None:
                return
            self._fh.write(line + '\n')
            self._fh.flush()

    @staticmethod
    def _bounded(record, key, value, head):
        """Put a host string on the record, cut to its bound; returns True when cut."""
        text = _text(value)
        if text is None:
            return False
        limit = MSG_HEAD if head else OUTPUT_TAIL
        if len(text) > limit:
            record[key] = text[:limit] if head else text[-limit:]
            return True
        record[key] = text
        return False

    # ------------------------------------------------------------------ refs

    @staticmethod
    def _task_ref(task, handler=None):
        role = None
        try:
            if getattr(task, '_role', None) is not None:
                role = task._role.get_name()
        except Exception:
            role = None
        path = None
        try:
            path = task.get_path() or None
        except Exception:
            path = None
        if handler is None:
            handler = CallbackModule._is_handler(task)
        try:
            name = task.get_name()
        except Exception:
            name = getattr(task, 'name', None) or ''
        return {
            'id': str(getattr(task, '_uuid', '')),
            'name': _text(name) or '',
            'path': path,
            'role': role,
            'action': _text(getattr(task, 'action', None)),
            'handler': bool(handler),
        }

    @staticmethod
    def _play_ref(play):
        try:
            name = play.get_name()
        except Exception:
            name = getattr(play, 'name', None) or ''
        return {
            'id': str(getattr(play, '_uuid', '')),
            'name': _text(name) or '',
            'strategy': _text(getattr(play, 'strategy', None)),
            'serial': getattr(play, 'serial', None),
        }

    @staticmethod
    def _play_host_objects(play):
        """The hosts of the play (of the serial batch: the inventory is restricted to it)."""
        try:
            inventory = play.get_variable_manager()._inventory
            return list(inventory.get_hosts(play.hosts))
        except Exception:
            return None

    def _new_host_groups(self, hosts):
        """Inventory groups of the hosts not sent before (the viewer bands columns by them)."""
        out = {}
        for host in hosts:
            try:
                name = host.get_name()
                if name in self._grouped_hosts:
                    continue
                self._grouped_hosts.add(name)
                out[name] = [g.get_name() for g in host.get_groups() if g.get_name() not in ('all', 'ungrouped')]
            except Exception:
                continue
        return out

    @staticmethod
    def _parts(result):
        """(host, task, result dict) of a runner result.

        2.19 hands callbacks a CallbackTaskResult with public .host, .task and .result (a plain
        copy); its ._host, ._task and ._result are deprecated aliases. Older releases have only
        the private names.
        """
        cls = type(result)
        if all(hasattr(cls, name) for name in ('host', 'task', 'result')):
            host, task, res = result.host, result.task, result.result
        else:
            host, task, res = result._host, result._task, result._result
        return host, task, res if isinstance(res, dict) else {}

    @staticmethod
    def _host_name(host):
        try:
            return host.get_name()
        except Exception:
            return None

    @staticmethod
    def _task_id(task):
        try:
            return str(task._uuid)
        except Exception:
            return None

    # ------------------------------------------------------------------ pause

    def _pause_requested(self):
        return bool(self._pause_file) and os.path.exists(self._pause_file)

    def _check_pause(self, at_task, task_ref=None):
        """At a play start (at_task False) or a (handler) task start: pause if asked and safe."""
        if self._pause_mode == 'step' or not self._pause_requested():
            self._last_wait_reason = None
            return
        reason = None
        detail = ''
        if self._pending:
            reason = 'handler'
            names = sorted(set(p['name'] for p in self._pending.values()))
            detail = 'notified handler pending: %s' % ', '.join(names)
        elif at_task and self._pause_mode == 'play':
            reason = 'play_boundary'
            detail = 'pause mode play: waiting for the next play or serial batch'
        elif at_task and (self._strategy or 'linear') not in LOCKSTEP_STRATEGIES:
            reason = 'strategy'
            detail = 'strategy %s: waiting for the next play or serial batch' % self._strategy
        if reason is None:
            # The pause happens whatever becomes of its record: without it the driver sees exit
            # 75 and no pause marker, judges the step cut short and runs it again from its start.
            try:
                self._emit('paused', {
                    'reason': 'task' if at_task else 'play',
                    'task': task_ref if at_task else None,
                    'play': self._play,
                })
            except Exception:
                pass
            try:
                with self._lock:
                    if self._fh is not None:
                        self._fh.close()
                        self._fh = None
            except Exception:
                pass
            self._enabled = False
            raise SystemExit(PAUSE_EXIT_CODE)
        if reason != self._last_wait_reason:
            self._last_wait_reason = reason
            self._emit('pause_wait', {'reason': reason, 'detail': detail, 'task': task_ref})

    # ------------------------------------------------------------------ playbook

    @_safe
    def v2_playbook_on_start(self, playbook):
        self._emit('playbook_start', {'playbook': _text(getattr(playbook, '_file_name', None))})

    def v2_playbook_on_play_start(self, play):
        if not self._enabled:
            return
        try:
            self._play = self._play_ref(play)
            self._strategy = self._play.get('strategy')
            # Handlers of the previous play or batch have run or been dropped.
            self._pending = {}
            self._last_task_id = None
            fields = {'play': self._play}
            hosts = self._play_host_objects(play)
            if hosts is not None:
                fields['hosts'] = [h.get_name() for h in hosts]
                groups = self._new_host_groups(hosts)
                if groups:
                    fields['host_groups'] = groups
            self._emit('play_start', fields)
        except Exception:
            pass
        try:
            self._check_pause(at_task=False)
        except Exception:
            pass

    @staticmethod
    def _is_meta(task):
        try:
            from ansible import constants as C
            return getattr(task, 'action', None) in C._ACTION_META
        except Exception:
            return False

    def _on_task_start(self, task, handler):
        if not self._enabled:
            return
        try:
            task_id = str(task._uuid)
            repeated = task_id == self._last_task_id and self._is_meta(task)
            self._last_task_id = task_id
            if repeated:
                # The linear strategy runs a meta task (flush_handlers, end_host, ...) host by
                # host and sends its task start once per host: keep only the first, and never
                # stop between two hosts' runs of it.
                return
        except Exception:
            pass
        ref = None
        try:
            ref = self._task_ref(task, handler=handler)
            self._emit('task_start', {'task': ref})
        except Exception:
            pass
        try:
            # Check before clearing: a handler about to start is still pending.
            self._check_pause(at_task=True, task_ref=ref)
        except Exception:
            pass
        if handler:
            try:
                self._pending.pop('handler:' + str(task._uuid), None)
            except Exception:
                pass

    def v2_playbook_on_task_start(self, task, is_conditional):
        self._on_task_start(task, handler=False)

    def v2_playbook_on_handler_task_start(self, task):
        self._on_task_start(task, handler=True)

    @_safe
    def v2_playbook_on_notify(self, handler, host):
        hid = str(handler._uuid)
        name = _text(handler.get_name()) or ''
        host_name = host.get_name() if hasattr(host, 'get_name') else _text(host)
        if DEFERRED_NOTIFY:
            # 2.15+: sent when a flush turns the host's saved notifications into notified
            # handlers, all of them at once (or at once for a handler notifying a handler).
            self._drop_saved_notifications(host_name)
        entry = self._pending.setdefault('handler:' + hid, {'name': name, 'hosts': set()})
        entry['hosts'].add(host_name)
        self._emit('notify', {'host': host_name, 'handler_id': hid, 'handler_name': name})

    def _note_notification(self, host, task):
        """A changed result of a task with notify: on 2.15+ ansible saves the notification silently.

        Handlers notifying handlers are announced at once (v2_playbook_on_notify), so only
        regular tasks count here. A notification that matches no handler stays pending until the
        play (or serial batch) ends: waiting longer is safe, losing a handler is not.
        """
        if not DEFERRED_NOTIFY or self._is_handler(task):
            return
        names = getattr(task, 'notify', None)
        if not names:
            return
        if isinstance(names, (str, bytes)):
            names = [names]
        host_name = self._host_name(host)
        for name in names:
            text = _text(name) or ''
            entry = self._pending.setdefault('notify:' + text, {'name': text, 'hosts': set()})
            entry['hosts'].add(host_name)

    def _drop_saved_notifications(self, host_name):
        for key in [k for k in self._pending if k.startswith('notify:')]:
            hosts = self._pending[key]['hosts']
            hosts.discard(host_name)
            if not hosts:
                del self._pending[key]

    @staticmethod
    def _is_handler(task):
        try:
            from ansible.playbook.handler import Handler
            return isinstance(task, Handler)
        except Exception:
            return False

    @_safe
    def v2_playbook_on_stats(self, stats):
        hosts = {}
        for name in sorted(stats.processed.keys()):
            hosts[name] = stats.summarize(name)
        self._emit('stats', {'hosts': hosts})

    # ------------------------------------------------------------------ runner

    @_safe
    def v2_runner_on_start(self, host, task):
        name = host.get_name()
        tid = str(task._uuid)
        with self._lock:
            self._host_started[(name, tid)] = time.monotonic()
        self._emit('host_start', {'host': name, 'task_id': tid})

    def _result(self, result, status):
        host_obj, task, res = self._parts(result)
        host = self._host_name(host_obj)
        tid = self._task_id(task)
        with self._lock:
            started = self._host_started.pop((host, tid), None)
            self._retries_seen.pop((host, tid), None)
        record = {
            'host': host,
            'task_id': tid,
            'status': status,
            'duration': (time.monotonic() - started) if started is not None else None,
            'changed': bool(res.get('changed', False)),
        }
        cut = False
        if 'msg' in res:
            cut = self._bounded(record, 'msg', res.get('msg'), head=True) or cut
        if 'rc' in res:
            rc = res.get('rc')
            record['rc'] = rc if isinstance(rc, int) or rc is None else _text(rc)
        # Outputs whose start is not kept are named, so a view can say so (the log has them whole).
        tails = []
        for key in ('stdout', 'stderr'):
            if key in res and self._bounded(record, key, res.get(key), head=False):
                tails.append(key)
        # exception: a module's traceback (its last lines say what went wrong). From 2.19 on, a
        # module that died before answering has it in module_stderr only, and `exception` says
        # "(traceback unavailable)" (docs/handlers.md).
        trace = res.get('exception')
        if not _is_traceback(trace) and _is_traceback(res.get('module_stderr')):
            trace = res.get('module_stderr')
        if trace is not None and self._bounded(record, 'exception', trace, head=False):
            tails.append('exception')
        if tails:
            record['cut'] = tails
        if cut or tails:
            record['truncated'] = True
        self._emit('result', record)

    @staticmethod
    def _is_rescued(task):
        """True when the task sits (maybe nested) in the block section of a block with rescue."""
        try:
            from ansible.playbook.block import Block
        except Exception:
            return False
        child = task
        parent = getattr(task, '_parent', None)
        depth = 0
        while parent is not None and depth < 100:
            if isinstance(parent, Block) and parent.rescue:
                child_id = getattr(child, '_uuid', None)
                for member in parent.block or []:
                    if member is child or (child_id is not None and getattr(member, '_uuid', None) == child_id):
                        return True
            child = parent
            parent = getattr(parent, '_parent', None)
            depth += 1
        return False

    @_safe
    def v2_runner_on_ok(self, result):
        host, task, res = self._parts(result)
        changed = bool(res.get('changed', False))
        if changed:
            self._note_notification(host, task)
        self._result(result, 'changed' if changed else 'ok')

    @_safe
    def v2_runner_on_failed(self, result, ignore_errors=False):
        if ignore_errors:
            status = 'ignored'
        elif self._is_rescued(self._parts(result)[1]):
            status = 'rescued'
        else:
            status = 'failed'
        self._result(result, status)

    @_safe
    def v2_runner_on_skipped(self, result):
        self._result(result, 'skipped')

    @_safe
    def v2_runner_on_unreachable(self, result):
        self._result(result, 'unreachable')

    def _item(self, result, status):
        host, task, res = self._parts(result)
        if status == 'ok' and res.get('changed', False):
            status = 'changed'
        record = {
            'host': self._host_name(host),
            'task_id': self._task_id(task),
            'status': status,
        }
        label = self._get_item_label(res)
        if self._bounded(record, 'item', '' if label is None else label, head=True):
            record['truncated'] = True
        self._emit('item', record)

    @_safe
    def v2_runner_item_on_ok(self, result):
        self._item(result, 'ok')

    @_safe
    def v2_runner_item_on_failed(self, result):
        self._item(result, 'failed')

    @_safe
    def v2_runner_item_on_skipped(self, result):
        self._item(result, 'skipped')

    @_safe
    def v2_runner_retry(self, result):
        host, task, res = self._parts(result)
        key = (self._host_name(host), self._task_id(task))
        with self._lock:
            failed_attempts = self._retries_seen.get(key, 0) + 1
            self._retries_seen[key] = failed_attempts
        record = {
            'host': key[0],
            'task_id': key[1],
            'attempts': failed_attempts,
            'retries': res.get('retries'),
        }
        if 'msg' in res and self._bounded(record, 'msg', res.get('msg'), head=True):
            record['truncated'] = True
        self._emit('retry', record)
