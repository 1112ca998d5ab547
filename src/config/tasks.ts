import { settings } from "../settings";

/**
 * node-resque settings. Only nodes that run tasks (ROLE worker or all) get
 * task processors and the resque scheduler. Idle workers poll every 50 ms,
 * not Actionhero's 5 s default, so a tick enqueued at its due time starts
 * within a few tens of milliseconds.
 */
export const DEFAULT = {
  tasks: () => {
    const runsTasks = settings().ROLE !== "frontend";
    return {
      _toExpand: false,
      scheduler: runsTasks,
      queues: ["tick", "default"],
      timeout: 50,
      checkTimeout: 500,
      minTaskProcessors: runsTasks ? 1 : 0,
      maxTaskProcessors: runsTasks ? 2 : 0,
      maxEventLoopDelay: 10,
      stuckWorkerTimeout: 60_000,
      retryStuckJobs: false,
      workerLogging: {
        failure: "error",
        success: "debug",
        start: "info",
        end: "info",
        cleaning_worker: "info",
        poll: "debug",
        job: "debug",
        pause: "debug",
        reEnqueue: "debug",
        internalError: "error",
        multiWorkerAction: "debug",
      },
      schedulerLogging: {
        start: "info",
        end: "info",
        poll: "debug",
        enqueue: "debug",
        working_timestamp: "debug",
        reEnqueue: "debug",
        transferred_job: "debug",
      },
      resque_overrides: { queue: null, multiWorker: null, scheduler: null },
      connectionOptions: { tasks: {} },
    };
  },
};

export const test = DEFAULT;
