import type { Node } from 'web-tree-sitter';
import { RaisedException } from '../python/eval/eval-errors.js';
import { type HostObject, objectValue, type PyValue } from '../python/eval/py-value.js';
import type { DagSpec, ScheduleSpec } from './dag-model.js';

/** What a DAG's `schedule=` became. */
export interface DagSchedule {
  schedule: ScheduleSpec;
  scheduleAsWritten: DagSpec['scheduleAsWritten'];
}

/** A DAG while its file is being evaluated (mutable; frozen into a DagSpec afterwards). */
export class DagObject implements HostObject {
  readonly pyTypeName = 'DAG';
  readonly kind = 'dag';
  readonly tasks = new Map<string, TaskObject>();
  readonly groupIds = new Set<string>();
  readonly root: GroupObject;
  /** Set when the DAG left a `with` block (2.4+ auto-registration). */
  autoRegistered = false;

  constructor(
    readonly dagId: string,
    /** Evaluated DAG(...) arguments after defaults, by parameter name. */
    readonly args: Map<string, PyValue>,
    readonly defaultArgs: Map<string, PyValue>,
    readonly node: Node,
    /** What `schedule=` became (Airflow builds the timetable in the constructor). */
    readonly schedule: DagSchedule,
  ) {
    this.root = new GroupObject(null, null, this, new Map(), true);
  }

  addTask(task: TaskObject, node: Node): void {
    if (this.tasks.has(task.taskId) || this.groupIds.has(task.taskId)) {
      throw new RaisedException(
        'DuplicateTaskIdFound',
        `Task id '${task.taskId}' has already been added to the DAG`,
        node,
      );
    }
    this.tasks.set(task.taskId, task);
  }
}

/** A TaskGroup; the DAG's root group has a null id. */
export class GroupObject implements HostObject {
  readonly pyTypeName = 'TaskGroup';
  readonly kind = 'group';
  readonly children: (TaskObject | GroupObject)[] = [];

  constructor(
    readonly groupId: string | null,
    readonly parent: GroupObject | null,
    readonly dag: DagObject,
    readonly defaultArgs: Map<string, PyValue>,
    readonly prefixGroupId: boolean,
  ) {}

  /** The prefix children get: `outer.inner.` (empty for the root group or prefix_group_id=False). */
  childPrefix(): string {
    if (this.groupId === null) return '';
    return this.prefixGroupId ? `${this.groupId}.` : (this.parent?.childPrefix() ?? '');
  }

  /** Every task in this group and its sub-groups. */
  allTasks(): TaskObject[] {
    return this.children.flatMap((c) => (c instanceof TaskObject ? [c] : c.allTasks()));
  }

  /** Tasks with no upstream inside the group (Airflow's `get_roots`), at the moment of asking. */
  roots(): TaskObject[] {
    const tasks = this.allTasks();
    const ids = new Set(tasks.map((t) => t.taskId));
    return tasks.filter((t) => ![...t.upstream].some((u) => ids.has(u)));
  }

  /** Tasks with no downstream inside the group (`get_leaves`). */
  leaves(): TaskObject[] {
    const tasks = this.allTasks();
    const ids = new Set(tasks.map((t) => t.taskId));
    return tasks.filter((t) => ![...t.downstream].some((d) => ids.has(d)));
  }
}

/** An operator instance. */
export class TaskObject implements HostObject {
  readonly kind = 'task';
  readonly upstream = new Set<string>();
  readonly downstream = new Set<string>();
  /** `@setup` / `.as_setup()`. */
  isSetup = false;
  /** `@teardown` / `.as_teardown()`. */
  isTeardown = false;
  /** Set for a mapped task (`.expand(...)` / `.expand_kwargs(...)`). */
  mapping: TaskMappingObject | null = null;

  constructor(
    readonly taskId: string,
    /** Class name as Airflow reports it (`type(task).__name__`). */
    readonly operator: string,
    /** Effective arguments after default_args merging, by parameter name. */
    readonly args: Map<string, PyValue>,
    public dag: DagObject | null,
    readonly node: Node,
  ) {}

  get pyTypeName(): string {
    return this.operator;
  }
}

/** The XComArg a TaskFlow call returns (or `task.output`): behaves as its task in dependencies. */
export class XComArg implements HostObject {
  readonly pyTypeName = 'PlainXComArg';
  readonly kind = 'xcomarg';

  constructor(
    readonly task: TaskObject,
    /** `xcomarg["key"]` names another XCom key of the same task. */
    readonly key = 'return_value',
  ) {}
}

/**
 * What `.map(f)`, `.zip(...)` and `.concat(...)` of XComArgs return (MapXComArg, ZipXComArg,
 * ConcatXComArg): their upstream tasks are those of the XComArgs they combine.
 */
export class DerivedXComArg implements HostObject {
  readonly kind = 'xcomarg';

  constructor(
    readonly how: 'map' | 'zip' | 'concat',
    /** The combined XComArgs (for `map`, the one mapped over). */
    readonly args: (XComArg | DerivedXComArg)[],
    /** For `map`: how many callables were chained (`.map(f).map(g)` is one MapXComArg with two). */
    readonly callables = 0,
  ) {}

  get pyTypeName(): string {
    return `${this.how[0]!.toUpperCase()}${this.how.slice(1)}XComArg`;
  }

  tasks(): TaskObject[] {
    return this.args.flatMap((a) => (a instanceof XComArg ? [a.task] : a.tasks()));
  }
}

/** Airflow's expand input of a mapped task: `expand(**kw)` or `expand_kwargs(value)`. */
export interface TaskMappingObject {
  input: 'DictOfListsExpandInput' | 'ListOfDictsExpandInput';
  /** The dict of `expand(...)`'s keywords, or `expand_kwargs`'s argument. */
  value: PyValue;
  /** A mapped TaskFlow task (DecoratedMappedOperator). */
  decorated: boolean;
  /** The arguments the DAG file gave `partial(...)` (Airflow's `partial_kwargs` that it shows). */
  partialArgs: ReadonlySet<string>;
}

/** What `Operator.partial(...)` returns: the task's fixed arguments, waiting for `.expand(...)`. */
export class PartialObject implements HostObject {
  readonly pyTypeName = 'OperatorPartial';
  readonly kind = 'operator partial';
  /** `_expand_called`: set once expand()/expand_kwargs() passed its checks. */
  expandCalled = false;

  constructor(
    readonly operator: string,
    /** The keywords given to partial(), dag/task_group resolved. */
    readonly kwargs: Map<string, PyValue>,
    /** The operator class is one of the DAG file's (its own parameters are not known). */
    readonly baseParamsOnly: boolean,
  ) {}
}

/**
 * An `SSHHook(...)` built in the DAG file and given to SSHOperator as `ssh_hook` (the only way to pass
 * `host_proxy_cmd`): its constructor arguments by name.
 */
export class SshHookObject implements HostObject {
  readonly pyTypeName = 'SSHHook';
  readonly kind = 'ssh hook';

  constructor(readonly args: Map<string, PyValue>) {}
}

/** Airflow's `NOTSET` sentinel (`ArgNotSet`): an argument nobody passed, told apart from None. */
export const ARG_NOT_SET: HostObject = { pyTypeName: 'ArgNotSet', kind: 'notset' };
export const NOTSET: PyValue = objectValue(ARG_NOT_SET);

export function isNotSet(v: PyValue | undefined): boolean {
  return v?.t === 'object' && v.obj === ARG_NOT_SET;
}

/** The host object of a value when it is one of `cls`, else null. */
export function hostObject<T>(v: PyValue | undefined, cls: abstract new (...args: never[]) => T): T | null {
  return v?.t === 'object' && v.obj instanceof cls ? v.obj : null;
}

/** Links every task of `from` to every task of `to` (both already resolved to leaves/roots). */
export function link(from: TaskObject[], to: TaskObject[], node: Node): void {
  for (const a of from) {
    for (const b of to) {
      const dag = a.dag ?? b.dag;
      if (!dag)
        throw new RaisedException(
          'AirflowException',
          `Tried to create relationships between tasks that don't have DAGs yet. Set the DAG for at least one task and try again: [${a.taskId}, ${b.taskId}]`,
          node,
        );
      if (a.dag && b.dag && a.dag !== b.dag) {
        throw new RaisedException(
          'AirflowException',
          `Tried to set relationships between tasks in more than one DAG: [${a.dag.dagId}, ${b.dag.dagId}]`,
          node,
        );
      }
      for (const t of [a, b]) {
        if (!t.dag) {
          t.dag = dag;
          dag.addTask(t, node);
        }
      }
      a.downstream.add(b.taskId);
      b.upstream.add(a.taskId);
    }
  }
}
