/**
 * operators.display_name is not sealed. A writer without the keys who gives an agent a display
 * name with a digit (which no reply may carry as a person's name) or a name of their choosing
 * must not break the lead's tray, nor be shown as the agent's name: the name is shown only as
 * the trail's operator.create entry vouches for it, otherwise the agent is named by username.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_SEED } from '../../../main/core/demo/build-demo.ts';
import { demoScenarioPerson } from '../../../main/core/demo/demo-people.ts';
import type { ChannelOutput } from '../../../shared/contract/index.ts';
import { useDemoCore } from '../../helpers/demo-core.ts';
import { keylessWriter } from '../../helpers/sealed-writer.ts';

const demoCore = useDemoCore({ cardholders: 12 });
const who = demoScenarioPerson(DEMO_SEED, 'locked-wrong-codes');
const cardId = who.cards[0]!.publicId;

const missThrice = async (desk: Awaited<ReturnType<typeof demoCore>>) => {
  await desk.signIn('agent', 'w1');
  await desk.signIn('lead', 'lead');
  expect((await desk.openCard(cardId)).ok).toBe(true);
  for (let miss = 0; miss < 3; miss++)
    await desk.core.router.call('w1', 'caller.verify', {
      cardId,
      dob: `1960-02-0${miss + 1}`,
      postcode: '1000001',
    });
};

const trayOf = async (desk: Awaited<ReturnType<typeof demoCore>>) => {
  const listed = await desk.core.router.call('lead', 'alerts.list', {});
  if (!listed.ok) throw new Error(listed.error.reason);
  return (listed.value as ChannelOutput<'alerts.list'>).open.filter(
    (alert) => alert.subjectId === cardId,
  );
};

describe("the agent's display name changed in the file", () => {
  it('the tray names the agent as the trail does', async () => {
    const desk = await demoCore();
    await missThrice(desk);
    const [alert] = await trayOf(desk);
    expect(alert?.operator).toMatchObject({
      username: 'demo.agent',
      displayName: expect.any(String),
    });
    expect(alert!.operator!.displayName).not.toBeNull();
  });

  it("a digit in it leaves the lead's tray readable, naming the agent by username", async () => {
    const desk = await demoCore();
    await missThrice(desk);
    // Changed before this process first names the agent, as after any restart.
    const raw = keylessWriter(desk.dbPath);
    raw.prepare("UPDATE operators SET display_name = 'Agent 7' WHERE role = 'agent'").run();
    raw.close();

    expect(await trayOf(desk)).toMatchObject([
      { kind: 'verification-limit-call', operator: { username: 'demo.agent', displayName: null } },
    ]);
    expect(await desk.core.router.call('w1', 'lockout.status', { cardId })).toMatchObject({
      ok: true,
    });
  });

  it('a name of the writer’s choosing is not shown in the tray, the team view or the audit explorer', async () => {
    const desk = await demoCore();
    await missThrice(desk);
    const raw = keylessWriter(desk.dbPath);
    raw
      .prepare("UPDATE operators SET display_name = 'Fraud Team Supervisor' WHERE role = 'agent'")
      .run();
    raw.close();

    expect(await trayOf(desk)).toMatchObject([
      { operator: { username: 'demo.agent', displayName: null } },
    ]);
    const team = await desk.core.router.call('lead', 'team.day', {
      date: desk.clock.now().toISOString().slice(0, 10),
      span: 'week',
      utcOffsetMinutes: 540,
    });
    if (!team.ok) throw new Error(team.error.reason);
    const { agents } = team.value as ChannelOutput<'team.day'>;
    expect(agents.find((agent) => agent.username === 'demo.agent')).toMatchObject({
      displayName: null,
    });
    const audit = await desk.core.router.call('lead', 'audit.list', {
      filter: { operator: 'demo.agent' },
    });
    if (!audit.ok) throw new Error(audit.error.reason);
    const { entries } = audit.value as ChannelOutput<'audit.list'>;
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect(entry.operatorName).toBeNull();
  });
});
