// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import LabPanel from './LabPanel.vue';
import { createAppI18n } from '../i18n';
import { setApi } from '../api/client';
import { createFakeApi, type FakeApi } from '../test/fakeApi';
import type { LabStateView, StepView } from '../../../shared/api/labs';

const L = (en: string, zh = `中${en}`) => ({ en, 'zh-CN': zh });
function step(index: number, over: Partial<StepView> = {}): StepView {
  return {
    id: `s${index}`, index, title: L(`Step ${index + 1}`), body: L('Intro.\n\nRun `ip route` and read [the docs](https://kubernetes.io/).'),
    locked: index > 0, done: false,
    commands: [{ target: { kind: 'node', name: 'node-2' }, label: 'node-2', line: 'ip route' }],
    checks: [{ id: 'ran', message: L('Ran ip route') }], hints: [], hintsLeft: 1, questions: [], highlight: [], solutionShown: false, ...over,
  };
}
function labState(over: Partial<LabStateView> = {}): LabStateView {
  return {
    labId: 'tiny', source: 'builtin:tiny', title: L('Tiny lab'), summary: L('Small.'), steps: [step(0), step(1)], current: 0, percent: 0, completed: false,
    conclusion: { summary: L('Learned.'), next: L('More.') }, shells: [{ target: { kind: 'node', name: 'node-2' }, label: 'node-2', line: '' }], canUndo: false, seed: 4, ...over,
  };
}

let api: FakeApi;
let pinia: ReturnType<typeof createPinia>;
beforeEach(() => {
  pinia = createPinia();
  setActivePinia(pinia);
  api = createFakeApi();
  setApi(api);
  api.handle('lab:list', () => [
    { id: 'tiny', source: 'builtin:tiny', builtIn: true, title: L('Tiny lab'), summary: L('Small.'), difficulty: 'beginner', minutes: 5, tags: [], percent: 50 },
    { id: 'broken', source: '/x/broken', builtIn: false, errors: ['labs/broken/lab.yaml:2:8: title: expected object, got number'] },
  ]);
  api.handle('lab:state', () => null);
  api.handle('lab:open', () => labState());
  api.handle('term:open', () => ({ termId: 't1', title: 'root@node-2' }));
  api.handle('term:write', () => undefined);
});
const render = (locale: 'en' | 'zh-CN' = 'en') => mount(LabPanel, { global: { plugins: [pinia, createAppI18n(locale)] } });

describe('LabPanel', () => {
  it('lists labs with progress and shows a broken folder as an error entry', async () => {
    const w = render();
    await flushPromises();
    expect(w.find('[data-testid="lab-entry-tiny"]').text()).toContain('50% done');
    expect(w.find('[data-testid="lab-entry-broken"]').text()).toContain('labs/broken/lab.yaml:2:8: title: expected object, got number');
  });

  it('opens a lab, pastes a command into the right shell, and turns a check green on onLabState', async () => {
    const w = render();
    await flushPromises();
    await w.find('[data-testid="lab-open-tiny"]').trigger('click');
    await flushPromises();
    expect(w.find('[data-testid="lab-step-0"]').text()).toContain('Step 1');
    expect(w.find('[data-testid="lab-nav-1"]').attributes('disabled')).toBeDefined();
    await w.find('[data-testid="lab-cmd-0"]').trigger('click');
    await flushPromises();
    expect(api.calls.filter((c) => c.channel === 'term:write').map((c) => c.payload)).toEqual([{ termId: 't1', data: 'ip route' }]);
    expect(api.calls.filter((c) => c.channel === 'term:open')).toHaveLength(1);
    api.emit('onLabState', labState({ current: 1, percent: 50, steps: [step(0, { done: true, checks: [{ id: 'ran', message: L('Ran ip route'), pass: true }] }), step(1, { locked: false })] }));
    await flushPromises();
    expect(w.find('[data-testid="lab-percent"]').attributes('data-percent')).toBe('50');
    expect(w.find('[data-testid="lab-step-1"]').exists()).toBe(true);
    await w.find('[data-testid="lab-nav-0"]').trigger('click');
    expect(w.find('[data-testid="lab-check-ran"]').attributes('data-pass')).toBe('true');
  });

  it('asks before opening a link, and then asks the host to open it', async () => {
    api.handle('lab:openLink', () => ({ opened: true }));
    const w = render('zh-CN');
    await flushPromises();
    await w.find('[data-testid="lab-open-tiny"]').trigger('click');
    await flushPromises();
    const confirm = vi.fn().mockReturnValueOnce(false).mockReturnValueOnce(true);
    vi.stubGlobal('confirm', confirm);
    window.confirm = confirm;
    const a = w.find('[data-external-href]');
    await a.trigger('click');
    expect(api.calls.some((c) => c.channel === 'lab:openLink')).toBe(false);
    await a.trigger('click');
    await flushPromises();
    expect(confirm).toHaveBeenCalledTimes(2);
    expect(api.calls.filter((c) => c.channel === 'lab:openLink').map((c) => c.payload)).toEqual([{ url: 'https://kubernetes.io/' }]);
    expect(w.text()).toContain('中Step 1');
  });
});
