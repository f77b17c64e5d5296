"""
Prints each case of a JSON file through Airflow's own AirflowConsole.print_as, one marker line after each; a
case Airflow itself fails on (tabulate cannot format "True" in a float column) prints FAILED instead.
"""

import json
import sys

from airflow.cli.simple_table import AirflowConsole

MARKER = "\x1e-- end of case --"

for case in json.load(open(sys.argv[1])):
    rows = [{c: row[c] for c in case["columns"]} for row in case["rows"]]
    try:
        AirflowConsole().print_as(rows, case["format"])
    except ValueError:
        print("FAILED")
    sys.stdout.flush()
    print(MARKER, flush=True)
