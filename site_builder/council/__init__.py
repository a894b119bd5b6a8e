"""The council's quota report: takes all submitted profiles (withheld ones too) and the
emulation groups' quotas, and gives per unit and period what was sent against the minimum,
as text, CSV, JSON or HTML. Names no profile.
"""
