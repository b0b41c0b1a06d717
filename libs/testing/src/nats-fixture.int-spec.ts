import { connect } from 'nats';
import { findNatsServer, startNats, type NatsFixture } from './nats-fixture';
import { NatsProcess } from './nats-process';

describe('startNats', () => {
  let nats: NatsFixture;

  beforeAll(async () => {
    nats = await startNats();
  });
  afterAll(async () => {
    await nats?.stop();
  });

  it('comes back from SIGKILL on the same port with its store', async () => {
    const before = await connect({ servers: nats.url });
    await (await before.jetstreamManager()).streams.add({ name: 'KEPT', subjects: ['kept.>'] });
    await before.jetstream().publish('kept.one', 'stored');
    await before.close();

    await nats.kill();
    await expect(connect({ servers: nats.url, reconnect: false, timeout: 1_000 })).rejects.toThrow();
    await nats.restart();

    const after = await connect({ servers: nats.url });
    const info = await (await after.jetstreamManager()).streams.info('KEPT');
    await after.close();
    expect(info.state.messages).toBe(1);
  });

  it('restarts a server that is still running (restart after restart)', async () => {
    await nats.restart();
    await nats.restart();
    const nc = await connect({ servers: nats.url, reconnect: false });
    expect(nc.info?.jetstream).toBe(true);
    await nc.close();
  });

  it('fails fast with the server output when a server cannot start', async () => {
    const clash = new NatsProcess({ binary: findNatsServer() ?? 'nats-server', args: ['-p', String(nats.port), '-a', '127.0.0.1'], port: 1, label: 'clash' });
    // The exit is reported as such (with the server's words), not as a start timeout.
    await expect(clash.start()).rejects.toThrow(/clash exited \(1\) while starting:\n.*address already in use/s);
    expect(clash.running).toBe(false);
  });

  it('says so when the binary is missing', async () => {
    const missing = new NatsProcess({ binary: '/nonexistent/nats-server', args: [], port: 1, label: 'missing' });
    await expect(missing.start()).rejects.toThrow(/missing could not start \(spawn \/nonexistent\/nats-server ENOENT\)/);
    expect(missing.running).toBe(false);
  });
});
