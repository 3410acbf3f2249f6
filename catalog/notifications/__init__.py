"""In-app notifications, their e-mails and the stewards' daily digest."""
