/**
 * Work that must run once for all consoles (the ACS outbox relay, syslog forwarding, alert
 * detection, an import drop-folder watcher) runs in the server as a hosted service: started
 * after the server listens, stopped, newest first, before it closes. A feature in main/core
 * that has such work exports a builder of a HostedService; the server's entry lists them.
 */
export interface HostedService {
  /** For the log: what this service does, e.g. "acs-outbox-relay". */
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export interface HostedServices {
  startAll(): Promise<void>;
  stopAll(): Promise<void>;
  names(): string[];
}

export function hostedServices(
  services: readonly HostedService[],
  logInternal: (line: string) => void,
): HostedServices {
  const started: HostedService[] = [];
  return {
    names: () => services.map((service) => service.name),
    async startAll() {
      for (const service of services) {
        await service.start();
        started.push(service);
      }
    },
    async stopAll() {
      for (const service of started.splice(0).reverse()) {
        try {
          await service.stop();
        } catch (error) {
          logInternal(
            `hosted service ${service.name}: stop failed (${error instanceof Error ? error.constructor.name : typeof error})`,
          );
        }
      }
    },
  };
}
