"""Saídas para os sistemas do professor: planilha do Moodle e relatório da turma."""
