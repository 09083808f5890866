import path from 'node:path';

/** Files whose absence means the web front ends must be built before the server can serve them. */
export function webBuildOutputs(root: string): string[] {
  return [
    path.join(root, 'tab', 'dist', 'index.html'),
    path.join(root, 'addin', 'dist', 'index.html'),
    path.join(root, 'server', 'dev', 'hosts', 'dist'),
  ];
}
