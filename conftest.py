"""Plugins do pytest para o repositório inteiro (os hooks de tests/conftest.py não valem
para os notebooks de chapters/ e exercises/, que o nbval coleta)."""

pytest_plugins = ["livro.cache_nbval"]
