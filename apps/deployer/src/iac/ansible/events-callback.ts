/**
 * ansible-core 2.14 ships only the `default`, `minimal`, `oneline`, `junit` and `tree` callbacks
 * (`ansible-doc -t callback -l`; `json` lives in the ansible.posix collection, which Debian's
 * ansible-core does not include). Rather than scrape PLAY RECAP text, each run loads this small
 * notification callback, which writes one JSON object a line to the file named by
 * JETWAY_ANSIBLE_EVENTS: one per task result and host, then the recap. The screen output stays
 * ansible's default, so error messages read as ansible wrote them.
 */
export const EVENTS_CALLBACK_NAME = 'jetway_events';

export const EVENTS_CALLBACK_SOURCE = `from __future__ import annotations
import json
import os
from ansible.plugins.callback import CallbackBase

DOCUMENTATION = '''
name: jetway_events
type: notification
short_description: task results as JSON lines for Jetway
description: writes one JSON object a line to the file named by JETWAY_ANSIBLE_EVENTS
'''


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'notification'
    CALLBACK_NAME = 'jetway_events'
    CALLBACK_NEEDS_ENABLED = True

    def __init__(self):
        super().__init__()
        self._out = open(os.environ['JETWAY_ANSIBLE_EVENTS'], 'a', encoding='utf-8')

    def _emit(self, event):
        self._out.write(json.dumps(event, default=str) + '\\n')
        self._out.flush()

    def _task(self, status, result):
        r = result._result
        diffs = r.get('diff') or []
        if isinstance(diffs, dict):
            diffs = [diffs]
        self._emit({
            'event': 'task', 'status': status, 'host': result._host.get_name(),
            'task': result._task.get_name(), 'action': result._task.action,
            'changed': bool(r.get('changed', False)), 'msg': str(r.get('msg', '')),
            'diff': ''.join(self._get_diff(d) for d in diffs),
        })

    def v2_runner_on_ok(self, result):
        self._task('ok', result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        self._task('ignored' if ignore_errors else 'failed', result)

    def v2_runner_on_unreachable(self, result):
        self._task('unreachable', result)

    def v2_runner_on_skipped(self, result):
        self._task('skipped', result)

    def v2_playbook_on_stats(self, stats):
        hosts = {h: stats.summarize(h) for h in sorted(stats.processed.keys())}
        self._emit({'event': 'stats', 'hosts': hosts})
        self._out.close()
`;
