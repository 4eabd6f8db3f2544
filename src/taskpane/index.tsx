// Placeholder entry point; the task pane issue replaces it with the real pane.
const root = document.getElementById('root');
if (root) root.textContent = '科技指标汇总助手';
