// Every command id in one place; package.json declares the same ids (a test keeps them in step).
export const Commands = {
  startSession: 'pulse.startSession',
  pauseSession: 'pulse.pauseSession',
  resumeSession: 'pulse.resumeSession',
  endSession: 'pulse.endSession',
  labelSession: 'pulse.labelSession',
  showSessions: 'pulse.showSessions',
  cleanup: 'pulse.cleanup',
  openStore: 'pulse.openStore',
  exportSessions: 'pulse.exportSessions',
  importHistory: 'pulse.importHistory',
  showLog: 'pulse.showLog',
  showDashboard: 'pulse.showDashboard',
  /** The Sessions view's title and context-menu actions; they take a session item, so hidden from the palette. */
  refreshSessions: 'pulse.refreshSessions',
  labelSessionItem: 'pulse.labelSessionItem',
  endSessionItem: 'pulse.endSessionItem',
  openSessionJson: 'pulse.openSessionJson',
  deleteSession: 'pulse.deleteSession',
  mergeWithPrevious: 'pulse.mergeWithPrevious',
  /** Internal: the status-bar item's quick pick; hidden from the palette. */
  statusBarMenu: 'pulse.statusBarMenu',
} as const;

export type CommandId = (typeof Commands)[keyof typeof Commands];
