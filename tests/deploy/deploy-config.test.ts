import fs from 'node:fs';
import path from 'node:path';
import { listFunctionNames } from '../../server/emulator/functions';

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8'));

describe('deploy configuration', () => {
  const rc = read('cloudbaserc.json');

  it('cloudbaserc.json (v2) deploys every function folder with runtime, timeout, memory, env and VPC', () => {
    expect(rc.version).toBe('2.0');
    expect(rc.envId).toBe('{{env.TCB_ENV_ID}}');
    const names = rc.functions.map((f: { name: string }) => f.name).sort();
    expect(names).toEqual(listFunctionNames());
    for (const fn of rc.functions) {
      expect(fn).toMatchObject({ handler: 'index.main', installDependency: true });
      expect(fn.runtime).toMatch(/^Nodejs(16\.13|18\.15|20\.19)$/);
      expect(fn.timeout).toBeGreaterThanOrEqual(3);
      expect(fn.timeout).toBeLessThanOrEqual(60);
      expect(fn.memorySize).toBeGreaterThanOrEqual(64);
      expect(fn.envVariables.MYSQL_URL).toBe('{{env.MYSQL_URL}}');
      expect(fn.vpc).toEqual({ vpcId: '{{env.TCB_VPC_ID}}', subnetId: '{{env.TCB_SUBNET_ID}}' });
    }
  });

  it('every function folder has a config.json', () => {
    for (const name of listFunctionNames()) {
      expect(fs.existsSync(path.join(ROOT, 'cloudfunctions', name, 'config.json'))).toBe(true);
    }
  });

  it('project.config.json points DevTools at the mini program and the functions', () => {
    const project = read('project.config.json');
    expect(project.miniprogramRoot).toBe('miniprogram/');
    expect(project.cloudfunctionRoot).toBe('cloudfunctions/');
  });
});
