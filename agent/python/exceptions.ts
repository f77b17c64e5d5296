/**
 * The one representation of a Python exception in the agent: the class name as Python prints it in a
 * traceback (`ValueError`, `jinja2.exceptions.UndefinedError`, `airflow.exceptions.AirflowException`) and
 * `str(exception)` as the message. Raised as a JS error so the stage that reproduces Airflow can report it
 * verbatim; subclasses add where it was raised.
 */
export class PythonException extends Error {
  readonly pyClass: string;

  constructor(pyClass: string, message: string) {
    super(message);
    this.name = pyClass;
    this.pyClass = pyClass;
  }

  /** The last line of a traceback, `traceback.format_exception_only`: `ValueError: …`, or the bare class. */
  formatted(): string {
    return this.message === '' ? this.pyClass : `${this.pyClass}: ${this.message}`;
  }
}
