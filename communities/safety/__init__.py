"""Safety, a wing of the communities app: reports, crisis flags, the moderation queue and its
actions, moderation services, selectors and views, demo data and the personal-data export.
It builds on the groups and the rooms, and answers what they announce (communities.hooks).
"""
