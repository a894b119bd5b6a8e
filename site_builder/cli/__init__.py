"""The commands (check, build, serve, report, yearbook): parse options, run a stage, and turn
whatever went wrong into messages and an exit code in one place (`main.run`).
"""
