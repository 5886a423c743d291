"""Live rooms, a wing of the communities app: models, services, selectors, permissions, views,
forms, urls, the socket consumer, tasks and demo data. It builds on the groups (communities)
and never imports the safety wing; what it writes it announces through communities.hooks.
"""
