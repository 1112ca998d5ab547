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
      // One task processor, never grown or shrunk after boot. node-resque's
      // MultiWorker resizes its pool from a timer whose promise nobody
      // catches (multiWorker.checkWrapper): a worker it starts while Redis
      // is away rejects, Actionhero takes the unhandled rejection as fatal
      // and the node stops, and the resize timer is never set again. With
      // min = max the timer never touches Redis. The tick queue holds one
      // job at a time anyway; more workers means more worker nodes.
      minTaskProcessors: runsTasks ? 1 : 0,
      maxTaskProcessors: runsTasks ? 1 : 0,
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
