// tcb-router ships no typings (WECHAT-FACTS.md); this declares the part we use.
declare module 'tcb-router' {
  interface TcbRouterContext {
    _req: { event: Record<string, unknown>; url: unknown };
    body: unknown;
  }
  type Middleware = (ctx: TcbRouterContext, next: () => Promise<void>) => Promise<void> | void;
  class TcbRouter {
    constructor(options: { event: Record<string, unknown> });
    use(middleware: Middleware): void;
    use(path: string | string[], middleware: Middleware): void;
    router(path: string | string[], ...middlewares: Middleware[]): void;
    serve(): Promise<unknown>;
  }
  export = TcbRouter;
}
