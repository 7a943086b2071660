"""The optimised scoring kernel: plans, sheets, roll-ups, descriptive figures and reliability."""
